"""Hand-written postings in inline markup for tests (never copies of shared texts)."""

MARKUP = [
    "Programme Officer\n\nRequired qualifications\n- [Master's degree](DEGREE) in [International Relations](FIELD) "
    "or [Law](FIELD) with [five years](EXPERIENCE) of relevant experience.\n- Fluency in [English](LANGUAGE) and "
    "[French](LANGUAGE); working knowledge of [Arabic](LANGUAGE) is an advantage.\n"
    "- [PMP certification](CERTIFICATION) desirable.\n"
    "- Excellent [report writing](COMPETENCY) and [negotiation skills](COMPETENCY).\nThe contract is for six months.",
    "DATA ENGINEER\r\nWe need [3-5 years](EXPERIENCE) with [Python](COMPETENCY), [SQL](COMPETENCY) and "
    "[Airflow](COMPETENCY).\r\nA [BSc](DEGREE) in [Computer Science](FIELD) is preferred. [AWS Certified "
    "Solutions Architect](CERTIFICATION) a plus. \U0001F680 Remote.",
    "Nurse (Band 5)\tFull time\n[NMC registration](CERTIFICATION) essential. [At least 1 year](EXPERIENCE)'s "
    "experience in [wound care](COMPETENCY). Full [UK driving licence](CERTIFICATION). Must be 18 or over.",
    "Warehouse operative — [GCSEs](DEGREE) including [Maths](FIELD) and [English](FIELD). "
    "[Forklift licence](CERTIFICATION) preferred; [10+ years](EXPERIENCE) in [stock control](COMPETENCY) welcome.",
    "Analyst: [University degree](DEGREE) in [Economics](FIELD); [several years](EXPERIENCE) of experience in "
    "[data analysis](COMPETENCY); [Spanish](LANGUAGE) an asset. Our working languages are English and French.",
    "Chef de partie. [NVQ level 3](DEGREE) in [Professional Cookery](FIELD), [Food Hygiene Level 2](CERTIFICATION), "
    "[two years](EXPERIENCE) in a busy kitchen, [menu planning](COMPETENCY) and [teamwork](COMPETENCY).",
]
