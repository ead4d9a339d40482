"""The rule baseline in French and Spanish (reqtag.annotations.rules.annotate(text, lang)), and English
left exactly as it was. Every snippet here is invented for the test, none is copied from a posting."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reqtag.annotations import rules, rules_fr_es


def spans(text: str, lang: str | None) -> set[tuple[str, str]]:
    out = rules.annotate(text, lang=lang)
    assert all(text[s.start:s.end] == s.text for s in out)
    assert all(a.end <= b.start for a, b in zip(out, out[1:], strict=False))
    return {(s.label, s.text) for s in out}


# ---------------------------------------------------------------- French

@pytest.mark.parametrize("text, expected", [
    ("Profil : titulaire d'un Master 2 en droit public ou d'un Bac+5 en économie.",
     {("DEGREE", "Master 2"), ("FIELD", "droit public"), ("DEGREE", "Bac+5"), ("FIELD", "économie")}),
    ("Profil : BTS Électrotechnique ou DUT GEII exigé.",
     {("DEGREE", "BTS"), ("FIELD", "Électrotechnique"), ("DEGREE", "DUT"), ("FIELD", "GEII")}),
    # "de" of "développement" is not an article: the field keeps its first letters (regression)
    ("Formation : Licence en géographie, développement local ou sociologie.",
     {("DEGREE", "Licence"), ("FIELD", "géographie"), ("FIELD", "développement local"), ("FIELD", "sociologie")}),
    # stop 28 (the French record audits, then train errors): a list ends at "jumelée à", "justifiant", "si",
    # "n'est"; "avec spécialisation en", "mention", "parcours" open one
    ("Profil : AEC en soutien informatique jumelée à deux années d'expérience.",
     {("DEGREE", "AEC"), ("FIELD", "soutien informatique")}),
    ("Profil : un BTS Bioqualité si vous souhaitez évoluer.", {("DEGREE", "BTS"), ("FIELD", "Bioqualité")}),
    ("Profil : Diplôme d'ingénieur avec spécialisation en statistique.",
     {("DEGREE", "Diplôme d'ingénieur"), ("FIELD", "statistique")}),
    ("Profil : Licence mention FLE avec deux ans d'expérience.", {("DEGREE", "Licence"), ("FIELD", "FLE")}),
])
def test_french_degree_and_field(text, expected):
    assert expected <= spans(text, "fr")


@pytest.mark.parametrize("text, expected", [
    # a field list opened by a heading, with no degree before it
    ("Formation : diplôme universitaire dans l'un des domaines suivants : droit, sociologie ou psychologie.",
     {("FIELD", "droit"), ("FIELD", "sociologie"), ("FIELD", "psychologie")}),
    ("Domaine(s) d'études : santé publique, épidémiologie.", {("FIELD", "santé publique"), ("FIELD", "épidémiologie")}),
    # a parenthesised level between the degree and its field
    ("Profil : Master (Bac+5) en statistique ou biostatistique.",
     {("DEGREE", "Master"), ("DEGREE", "Bac+5"), ("FIELD", "statistique"), ("FIELD", "biostatistique")}),
    ("Profil : diplôme d'ingénieur orienté génie civil.", {("FIELD", "génie civil")}),
    ("Profil : Bachelier assistant social.", {("DEGREE", "Bachelier"), ("FIELD", "assistant social")}),
    ("Profil : titre professionnel Conducteur du transport routier de marchandises.",
     {("DEGREE", "titre professionnel"), ("FIELD", "Conducteur du transport routier de marchandises")}),
    # the field ends before a participle or a verb that goes on with the sentence
    ("Profil : un Bac+3 en gestion de la production accompagné d'un parcours solide.",
     {("FIELD", "gestion de la production")}),
    ("Profil : CAP Électricien et justifiez de trois ans d'expérience.", {("FIELD", "Électricien")}),
    ("Études : diplôme universitaire de niveau supérieur (master) en économie ; "
     "ou diplôme universitaire de premier niveau.",
     {("DEGREE", "diplôme universitaire de niveau supérieur"), ("DEGREE", "diplôme universitaire de premier niveau")}),
    # the UN French of "advanced / first-level university degree" (stop 30, issue 12 audit)
    ("Formation : titre universitaire de niveau supérieur en économie ou titre universitaire du premier cycle.",
     {("DEGREE", "titre universitaire de niveau supérieur"), ("DEGREE", "titre universitaire du premier cycle")}),
])
def test_french_field_lists_and_degree_forms(text, expected):
    assert expected <= spans(text, "fr")


@pytest.mark.parametrize("text, fields", [
    # s59 review: a bracket ends a French field list, a gender mark too ("(se)", "(NE)" may go on with the
    # sentence or be a canton): the list never runs on into personal qualities or a competency
    ("Profil : BTS de mécanicien(ne) en maintenance, rigoureux(se), autonome et motivé(e).", {"mécanicien"}),
    ("Profil : CAP de boulanger(ère), dynamique, ponctuel(le) et souriant(e).", {"boulanger"}),
    ("Profil : CFC d'employé(e) de bureau (NE) souhaité, ou équivalent.", {"employé"}),
    ("Profil : Master en gestion (le) plus tôt possible.", {"gestion"}),
    ("Profil : Bac+2 en vente (se) déplacer souvent.", {"vente"}),
    ("Profil : Licence en géologie (E) ou chimie.", {"géologie"}),
])
def test_french_field_list_ends_at_a_bracket(text, fields):
    assert {t for label, t in spans(text, "fr") if label == "FIELD"} == fields


@pytest.mark.parametrize("text, fields", [
    # s72 (French train and dev errors): a modal or a participle of the requirement ends the field, and a list item
    # that opens with "formation", "expérience" or a number ends the list
    ("Les titulaires d'une Licence professionnelle en logistique pourront être retenus s'ils justifient de dix ans.",
     {"logistique"}),
    ("Profil : Doctorat en médecine et Master en santé publique exigés.", {"médecine", "santé publique"}),
    ("Un diplôme d'ingénieur spécialisé en statistique appliquée convient aussi.", {"statistique appliquée"}),
    ("Un DUT Génie mécanique et productique peut être accepté.", {"Génie mécanique et productique"}),
    ("Vous êtes titulaire d'un Master en économie d'entreprise et disposez de cinq ans d'expérience.",
     {"économie d'entreprise"}),
    ("Profil : CFC d'employé de commerce ou formation jugée équivalente.", {"employé de commerce"}),
    ("Toi : CAP Cuisine ou BP Arts de la cuisine, deux ans au moins comme commis.", {"Cuisine", "Arts de la cuisine"}),
    ("Baccalauréat en administration des affaires, concentration finance ou comptabilité.",
     {"administration des affaires", "finance", "comptabilité"}),
])
def test_french_field_ends_at_the_requirement_verb(text, fields):
    assert {t for label, t in spans(text, "fr") if label == "FIELD"} == fields


def test_french_field_list_leaves_the_competency_after_it():
    found = spans("Profil : titre professionnel de secrétaire assistant(e), maîtrise d'Excel, anglais.", "fr")
    assert ("COMPETENCY", "Excel") in found
    assert not any(label == "FIELD" and "Excel" in t for label, t in found)


@pytest.mark.parametrize("text, expected", [
    # national and university diplomas of the francophone systems (stop 24)
    ("Profil : un DU de gérontologie est souhaité.", {("DEGREE", "DU"), ("FIELD", "gérontologie")}),
    ("Profil : BTSA Productions animales ou CAPa Métiers de l'agriculture.", {("DEGREE", "BTSA"), ("DEGREE", "CAPa")}),
    ("Profil : être titulaire du BEPC ou du BFEM.", {("DEGREE", "BEPC"), ("DEGREE", "BFEM")}),
    ("Exigences : DES complété ou AEP en logistique.", {("DEGREE", "DES"), ("DEGREE", "AEP")}),
])
def test_french_diplomas_of_other_francophone_systems(text, expected):
    assert expected <= spans(text, "fr")


@pytest.mark.parametrize("text, absent", [
    ("Profil : CAP Cuisine ou, à défaut, un Bac toutes séries.", ("FIELD", "à défaut")),
    ("L'institut délivre également le Master en économie politique.", ("DEGREE", "Master")),
    ("Vous encadrerez deux internes inscrits au DES de pharmacie.", ("FIELD", "pharmacie")),
    # s58 regressions: names degree_levels.toml holds for values only
    ("Profil : infirmier, diplôme EPD ES en soins palliatifs.", ("DEGREE", "ES")),
    ("La haute école recrute un assistant. Profil : Master en droit.", ("DEGREE", "haute école")),
    ("Profil : maîtrise de Caneco BT et d'AutoCAD.", ("DEGREE", "BT")),
    ("Profil : habilitation électrique BT exigée.", ("DEGREE", "BT")),
])
def test_french_fields_and_degrees_that_are_not_asked(text, absent):
    assert absent not in spans(text, "fr")


@pytest.mark.parametrize("text, fields", [
    # stop 75: a field after a degree's or field's option, speciality or orientation
    ("Profil : BTS SIO option SLAM, ou BUT Informatique.", {"SIO", "SLAM", "Informatique"}),
    ("Profil : BTS Électrotechnique (option énergie) souhaité.", {"Électrotechnique", "énergie"}),
    ("Profil : école d'ingénieurs (spécialité génie civil ou géotechnique).", {"génie civil", "géotechnique"}),
    ("Profil : baccalauréat en gestion, concentration marketing ou finance.", {"gestion", "marketing", "finance"}),
    ("Profil : bachelier en électronique, orientation automatisme ou robotique.",
     {"électronique", "automatisme", "robotique"}),
    ("Profil : CESS à orientation technique (mécanique, électricité) exigé.", {"mécanique", "électricité"}),
    ("Profil : diplôme d'ingénieur d'État – filières génie rural ou hydraulique.", {"génie rural", "hydraulique"}),
    ("Profil : un doctorat en médecine et une spécialisation en cardiologie ou en néphrologie.",
     {"médecine", "cardiologie", "néphrologie"}),
    ("Profil : formation supérieure en logistique ; anglais courant.", {"logistique"}),
    # a field's abbreviation, and an abbreviated field's name, in brackets
    ("Profil : BTS Conception des produits industriels (CPI) ou BUT GMP.",
     {"Conception des produits industriels", "CPI", "GMP"}),
    ("Profil : BUT GEA (Gestion des entreprises et des administrations) exigé.",
     {"GEA", "Gestion des entreprises et des administrations"}),
    # degree names that take their field without "en"
    ("Profil : Licence pro Métiers du notariat ou BPJEPS Activités aquatiques.",
     {"Métiers du notariat", "Activités aquatiques"}),
    ("Profil : Titre professionnel Agent magasinier exigé.", {"Agent magasinier"}),
    ("Profil : CAP Pâtissier et mention complémentaire chocolaterie.", {"Pâtissier", "chocolaterie"}),
    # a posting in capitals; the engineer's speciality in brackets
    ("PROFIL : BAC PRO MAINTENANCE ET 3 ANS D'EXPÉRIENCE.", {"MAINTENANCE"}),
    ("Profil : diplôme d'ingénieur (génie chimique ou génie des procédés).", {"génie chimique", "génie des procédés"}),
    # a Master's mention and parcours; a field list ends where the experience it is paired with starts
    ("Profil : Master MEEF (mention premier degré, parcours sciences).", {"MEEF", "premier degré", "sciences"}),
    ("Profil : Licence de géographie parcours aménagement, ou expérience.", {"géographie", "aménagement"}),
    ("Profil : Licence en droit assortie de deux ans d'expérience.", {"droit"}),
    ("Profil : CFC de menuisier, associé à six ans de pratique.", {"menuisier"}),
])
def test_french_fields_after_options_brackets_and_bare_degrees(text, fields):
    assert {t for label, t in spans(text, "fr") if label == "FIELD"} == fields


@pytest.mark.parametrize("text, absent", [
    ("Profil : Bachelor en soins infirmiers (HES) exigé.", ("FIELD", "HES")),
    ("Profil : BUT GEII (ou Bac pro MELEC avec expérience).", ("FIELD", "ou Bac pro MELEC avec expérience")),
    ("Profil : Master en sciences de l'ingénieur ou en physique.", ("DEGREE", "ingénieur")),
    ("Profil : BTS SIO option SISR par exemple.", ("FIELD", "SISR par exemple")),
    # regression: the drop words of the table never stopped a bracketed name ("^" read at a match position)
    ("Profil : BUT GEII (ou formation équivalente) ou BTS MS.", ("FIELD", "ou formation équivalente")),
    # the UN notices' heading, and new graduates invited to apply, ask for no degree
    ("Certificats et/ou licences\nCertification PMP souhaitée.", ("DEGREE", "licences")),
    ("Les jeunes diplômés sont encouragés à postuler.", ("DEGREE", "diplômés")),
    ("Le service accueille un interne en DES de biologie médicale.", ("DEGREE", "DES")),
    # a diploma the employer pays for or prepares the recruit for is no requirement
    ("Vous n'avez pas le permis C ? Nous finançons le titre professionnel Conducteur routier.",
     ("DEGREE", "titre professionnel")),
    ("Les plus motivés pourront préparer chez nous le brevet fédéral de boulanger.", ("DEGREE", "brevet fédéral")),
])
def test_french_what_the_field_repairs_of_stop_75_leave_out(text, absent):
    assert absent not in spans(text, "fr")


@pytest.mark.parametrize("text, degree", [
    ("Profil : Bachelor HES ou Master EPF en génie mécanique.", "Master EPF"),
    ("Profil : diplôme d'une école supérieure de commerce ou équivalent.", "école supérieure de commerce"),
])
def test_french_degree_names_of_stop_75(text, degree):
    assert ("DEGREE", degree) in spans(text, "fr")


def test_french_a_gloss_of_the_secondary_school_diploma_is_a_degree():
    assert ("DEGREE", "DES") in spans("Exigences : diplôme d'études secondaires (DES) ; un an d'expérience.", "fr")


def test_a_requirement_heading_ends_a_duty_section():
    text = ("Titre\nMissions :\n- accueillir les patients\nDiplômes et expérience\n"
            "- BP de préparateur en pharmacie exigé")
    assert {("DEGREE", "BP"), ("FIELD", "préparateur en pharmacie")} <= spans(text, "fr")


def test_french_short_degree_names_in_lowercase_are_words():
    found = spans("Vous aimez le travail en équipe, mais des horaires souples vous conviennent.", "fr")
    assert not {s for s in found if s[0] == "DEGREE"}


@pytest.mark.parametrize("text, span", [
    ("Vous justifiez d'au moins cinq ans d'expérience en gestion de paie.", "au moins cinq ans"),
    ("Expérience : trois ans minimum sur un poste similaire.", "trois ans minimum"),
    ("Une expérience de 6 mois en entrepôt est demandée.", "6 mois"),
    ("Au moins deux (2) années d'expérience professionnelle.", "Au moins deux (2) années"),
])
def test_french_experience(text, span):
    assert ("EXPERIENCE", span) in spans(text, "fr")


def test_french_amounts_without_experience_are_not_experience():
    found = spans("Contrat de deux ans renouvelable. Les candidats doivent être âgés de 18 à 30 ans.", "fr")
    assert not {s for s in found if s[0] == "EXPERIENCE"}


def test_french_amount_opening_a_list_item_is_experience():
    # a bullet that opens with an amount of time asks for experience, even without "expérience"
    found = spans("Profil\n- 2 ans minimum en dépannage électrique\n- permis B", "fr")
    assert ("EXPERIENCE", "2 ans minimum") in found
    # ...but deadlines and pay periods are not experience (regression for the wider rule)
    found = spans("Profil\n- certification à obtenir dans les douze mois suivant l'embauche\n"
                  "- 2 300 € brut sur 13 mois selon expérience", "fr")
    assert not {s for s in found if s[0] == "EXPERIENCE"}


def test_french_west_african_languages_by_their_french_names():
    found = spans("Langues : français exigé ; la pratique du mooré ou du dioula est souhaitée.", "fr")
    assert {("LANGUAGE", "mooré"), ("LANGUAGE", "dioula")} <= found


def test_french_languages_come_from_the_pycountry_catalog_and_need_a_cue():
    # "ourdou" (Urdu) is in no list of the project: pycountry's French catalog names it
    assert ("LANGUAGE", "ourdou") in spans("La maîtrise de l'ourdou est un atout.", "fr")
    assert {("LANGUAGE", "anglais"), ("LANGUAGE", "allemand")} <= spans(
        "Langues : anglais courant (C1) et allemand apprécié.", "fr")
    assert not spans("Nos bureaux sont situés près du quartier italien.", "fr") & {("LANGUAGE", "italien")}
    # a language course offered is not asked of the candidate
    assert ("LANGUAGE", "néerlandais") not in spans("Des cours de néerlandais sont proposés aux agents.", "fr")


@pytest.mark.parametrize("text, span", [
    ("Permis B indispensable.", "Permis B"),
    ("Vous êtes titulaire du CACES R489 catégories 3 et 5 en cours de validité.", "CACES R489 catégories 3 et 5"),
    ("Habilitation électrique B1V exigée.", "Habilitation électrique B1V"),
    ("Être titulaire du Diplôme d'État d'infirmier et disponible le week-end.", "Diplôme d'État d'infirmier"),
    ("Une certification PMP serait un plus.", "certification PMP"),
])
def test_french_certification(text, span):
    assert ("CERTIFICATION", span) in spans(text, "fr")


def test_french_competency_lists_after_a_frame():
    found = spans("Vous avez une bonne maîtrise de SAP, Power BI et Excel ; notions de SQL appréciées.", "fr")
    assert {("COMPETENCY", "SAP"), ("COMPETENCY", "Power BI"), ("COMPETENCY", "Excel"), ("COMPETENCY", "SQL")} <= found
    found = spans("Chargé(e) d'affaires\nCompétences : négociation commerciale, gestion de portefeuille\n"
                  "Salaire selon profil.", "fr")
    assert {("COMPETENCY", "négociation commerciale"), ("COMPETENCY", "gestion de portefeuille")} <= found


def test_french_title_line_and_duty_section_are_not_tagged():
    text = ("Technicien BTS maintenance (H/F)\nMissions :\nMaîtrise des coûts de l'atelier.\n"
            "Profil :\nMaîtrise de la soudure TIG.")
    found = spans(text, "fr")
    assert ("COMPETENCY", "soudure TIG") in found
    assert not {s for s in found if s[1] in ("BTS", "coûts de l'atelier")}


# ---------------------------------------------------------------- Spanish (and Catalan)

@pytest.mark.parametrize("text, expected", [
    ("Requisitos: Grado en Ingeniería Industrial o Química.",
     {("DEGREE", "Grado"), ("FIELD", "Ingeniería Industrial"), ("FIELD", "Química")}),
    ("Se requiere Técnico Superior en Administración y Finanzas.",
     {("DEGREE", "Técnico Superior"), ("FIELD", "Administración y Finanzas")}),
    ("Estudios mínimos: ESO o Bachillerato.", {("DEGREE", "ESO"), ("DEGREE", "Bachillerato")}),
])
def test_spanish_degree_and_field(text, expected):
    assert expected <= spans(text, "es")


@pytest.mark.parametrize("text, expected", [
    # the degree ends before "de": the field follows it (regression: "Certificado de Profesionalidad de")
    ("Requisitos: Certificado de Profesionalidad de Atención Sociosanitaria en Instituciones.",
     {("DEGREE", "Certificado de Profesionalidad"), ("FIELD", "Atención Sociosanitaria en Instituciones")}),
    # Catalan "Grau" is four letters in title case: a degree, not a short common word (regression)
    ("Requisits: Grau en Infermeria.", {("DEGREE", "Grau"), ("FIELD", "Infermeria")}),
    # abbreviations with dots and slashes (regression)
    ("Valorable: F.P. en comercio o marketing.", {("DEGREE", "F.P."), ("FIELD", "comercio"), ("FIELD", "marketing")}),
    ("Formación de GM/GS de Electricidad.", {("DEGREE", "GM"), ("DEGREE", "GS"), ("FIELD", "Electricidad")}),
    # the whole level phrase, as "[Ciclo Formativo de Grado Superior]" (es21 gold: "[Ciclo de Grado Medio]")
    ("Ciclo de Grado Medio en la rama de electricidad.",
     {("DEGREE", "Ciclo de Grado Medio"), ("FIELD", "electricidad")}),
])
def test_spanish_degree_forms(text, expected):
    assert expected <= spans("Oferta\n" + text, "es")


@pytest.mark.parametrize("text, expected", [
    # a level of FP takes its family without "en"; a field list ends before a heading or "como"
    ("Oferta\nREQUISITOS: Mínimo grado medio fabricación mecánica y carnet de conducir.",
     {("DEGREE", "grado medio"), ("FIELD", "fabricación mecánica")}),
    ("Oferta\nVALORABLE: F.P. en comercio o marketing FUNCIONES: atender a los clientes.",
     {("FIELD", "comercio"), ("FIELD", "marketing")}),
    ("Oferta\nSE REQUIERE GRADO MEDIO EN ADMINISTRACIÓN COMO MÍNIMO.", {("FIELD", "ADMINISTRACIÓN")}),
    # specialities listed after a colon
    ("Oferta\nREQUISITOS: Grado Medio o Superior especialidades de: Producción Agropecuaria / Ganadería.",
     {("FIELD", "Producción Agropecuaria"), ("FIELD", "Ganadería")}),
    ("Oferta\nREQUISITOS: Certificado de Profesionalidad: IMAQ0110 o IMAQ0208.",
     {("FIELD", "IMAQ0110"), ("FIELD", "IMAQ0208")}),
])
def test_spanish_field_forms(text, expected):
    assert expected <= spans(text, "es")


@pytest.mark.parametrize("text, expected", [
    # FP titles with the gender slash, and shared levels (stop 24)
    ("Estudios: Técnica/o en cuidados de enfermería.", {("DEGREE", "Técnica/o"), ("FIELD", "cuidados de enfermería")}),
    # the Catalan person title (es12): "tècnic/a en X" as "técnico/a en X"
    ("REQUISITS: TÈCNIC/A EN ANIMACIÓ SOCIOCULTURAL.", {("DEGREE", "TÈCNIC/A"), ("FIELD", "ANIMACIÓ SOCIOCULTURAL")}),
    ("Cal ser tècnic en cures d'infermeria.", {("DEGREE", "tècnic"), ("FIELD", "cures d'infermeria")}),
    ("Formación: Técnico/a Superior en Dirección de Cocina.",
     {("DEGREE", "Técnico/a Superior"), ("FIELD", "Dirección de Cocina")}),
    ("REQUISITOS: CF GRADO MEDIO O SUPERIOR EN CARPINTERÍA.",
     {("DEGREE", "CF GRADO MEDIO O SUPERIOR"), ("FIELD", "CARPINTERÍA")}),
    ("Requisitos: FP de grado medio o superior en mecánica.", {("DEGREE", "FP de grado medio o superior")}),
    ("Estudios mínimos de Enseñanza Secundaria Obligatoria.", {("DEGREE", "Enseñanza Secundaria Obligatoria")}),
    ("Imprescindible Magisterio en Educación Musical.", {("DEGREE", "Magisterio"), ("FIELD", "Educación Musical")}),
    ("Requisitos: CP de atención sociosanitaria para personas mayores.",
     {("DEGREE", "CP"), ("FIELD", "atención sociosanitaria para personas mayores")}),
    # generic "titulación" with its fields, a list ending at "y otras" and at "se valorará"
    ("Requisitos: titulación en Economía o Finanzas y otras relacionadas.",
     {("DEGREE", "titulación"), ("FIELD", "Economía"), ("FIELD", "Finanzas")}),
    ("REQUISITOS: FP DE GRADO SUPERIOR ADMINISTRACIÓN SE VALORARÁ: INGLÉS.", {("FIELD", "ADMINISTRACIÓN")}),
    ("Requisitos: formación académica en Económicas, ADE, Derecho.",
     {("FIELD", "Económicas"), ("FIELD", "ADE"), ("FIELD", "Derecho")}),
])
def test_spanish_fp_titles_generic_titles_and_field_lists(text, expected):
    assert expected <= spans("Oferta\n" + text, "es")


@pytest.mark.parametrize("text, absent", [
    ("Oferta\nQueremos escucharte, POR ESO, buscamos personas.", ("DEGREE", "ESO")),
    # a degree name after "Grado en" is the field (guidelines: "[Grado] en [Magisterio de Educación Infantil]")
    ("Oferta\nRequisitos: Grado en Magisterio de Educación Infantil.", ("DEGREE", "Magisterio")),
    ("Oferta\nRequisitos: Máster del profesorado - ser mayor de edad.", ("FIELD", "profesorado - ser mayor de edad")),
    # s58 regression: degree_levels.toml's "te" (Técnico Especialista) made every pronoun a degree
    ("Oferta\n¿QUÉ TE OFRECEMOS? Contrato estable.", ("DEGREE", "TE")),
    ("Oferta\n¿Te apasiona la cocina? Requisitos: carné B.", ("DEGREE", "Te")),
    ("Oferta\n¿Te apasiona la cocina? Requisitos: carné B.", ("FIELD", "apasiona la cocina")),
    # the post sought, not a degree asked ("Busquem mestre/a")
    ("Oferta\nBusquem mestre/a per a la nostra escola.", ("DEGREE", "mestre/a")),
    ("Oferta\nEs necessita enginyer per a obra civil.", ("DEGREE", "enginyer")),
])
def test_spanish_words_that_are_not_degrees_or_fields_here(text, absent):
    assert absent not in spans(text, "es")


def test_spanish_a_level_stated_as_not_required_gives_no_field():
    found = spans("Oferta\nFORMACIÓN PROFESIONAL: NO REQUERIDA. PERMISO DE CONDUCIR: SI", "es")
    assert not {s for s in found if s[0] == "FIELD"}


def test_spanish_requirements_after_a_duty_list_are_tagged():
    # "SE REQUIERE" ends the duty section as "REQUISITOS" does (regression: the degree was dropped)
    found = spans("Oferta\nFunciones: nóminas y seguros sociales. SE REQUIERE: Grado en Relaciones Laborales.", "es")
    assert {("DEGREE", "Grado"), ("FIELD", "Relaciones Laborales")} <= found
    assert not {s for s in found if s[1].startswith("nóminas")}


def test_spanish_fines_de_semana_is_not_finnish():
    found = spans("Oferta\nDisponibilidad para trabajar fines de semana. Nivel de inglés B1.", "es")
    assert ("LANGUAGE", "fines") not in found and ("LANGUAGE", "inglés") in found


def test_spanish_job_titles_are_not_degrees():
    found = spans("Se busca técnico de mantenimiento para una fábrica.", "es")
    assert not {s for s in found if s[0] == "DEGREE"}


@pytest.mark.parametrize("text, span", [
    ("Experiencia mínima de 2 años en el puesto.", "mínima de 2 años"),
    ("Se requiere al menos un año de experiencia.", "al menos un año"),
    ("Imprescindible experiencia de 18 meses como soldador.", "18 meses"),
])
def test_spanish_experience(text, span):
    assert ("EXPERIENCE", span) in spans(text, "es")


def test_spanish_ages_and_company_years_are_not_experience():
    found = spans("Empresa con más de 40 años de experiencia busca personas menores de 30 años.", "es")
    assert not {s for s in found if s[0] == "EXPERIENCE"}


def test_spanish_language_and_certification():
    found = spans("Se valorará inglés nivel B2. Imprescindible carnet de conducir B y carné de manipulador "
                  "de alimentos.", "es")
    assert {("LANGUAGE", "inglés"), ("CERTIFICATION", "carnet de conducir B"),
            ("CERTIFICATION", "carné de manipulador de alimentos")} <= found
    assert ("LANGUAGE", "lengua inglesa") in spans("Titulación cursada en lengua inglesa con nivel C1.", "es")


def test_spanish_acronyms_need_whole_words():
    # "CAP" (a drivers' certificate) inside "CAPACIDAD" is not one (regression)
    found = spans("SE VALORARÁ LA CAPACIDAD DE TRABAJO EN EQUIPO Y LA DISCAPACIDAD RECONOCIDA.", "es")
    assert not {s for s in found if s[0] == "CERTIFICATION"}


def test_spanish_competency():
    found = spans("Conocimientos de AutoCAD, SolidWorks y Excel. Capacidad de trabajo en equipo.", "es")
    assert {("COMPETENCY", "AutoCAD"), ("COMPETENCY", "SolidWorks"), ("COMPETENCY", "Excel"),
            ("COMPETENCY", "trabajo en equipo")} <= found


# Stop 26: rule misses found on the Spanish *train* postings (the rules never train, so their train
# errors are a fair place to look), and the cases two reviews of those fixes found; each snippet is
# invented in the same shape.

@pytest.mark.parametrize("text, expected, absent", [
    # "Técnico Superior" is a degree title whatever follows; "Técnico" alone still needs "en"
    ("Requisitos: Técnico Superior Automoción o similar.", ("DEGREE", "Técnico Superior"), None),
    ("Titulación de Técnico Superior o Medio en Electricidad.", ("DEGREE", "Técnico Superior o Medio"), None),
    ("REQUISITOS: INGENIERO/A TÉCNICO/A AGRÍCOLA.", ("DEGREE", "INGENIERO/A TÉCNICO/A"), None),
    ("Requisitos: TS en Prevención de Riesgos Profesionales.", ("DEGREE", "TS"), None),
    ("REQUISITOS: GRADO DE FISIOTERAPIA Y COLEGIACIÓN.", ("DEGREE", "GRADO"), None),
    ("REQUISITS: GRAU UNIVERSITARI EN INFERMERIA.", ("DEGREE", "GRAU UNIVERSITARI"), None),
    ("Formación: CP2 de atención sociosanitaria.", ("DEGREE", "CP2"), None),
    ("Requisitos: Tec. en farmacia y parafarmacia.", ("DEGREE", "Tec"), None),
    ("Requisitos: Técnico Medio en Farmacia.", ("DEGREE", "Técnico Medio"), None),
    ("Requisitos: TCAE o auxiliar de enfermería.", ("DEGREE", "TCAE"), None),
    # "DE" is a word here, not the licence class D+E (regression: "CARNET DE" was tagged)
    ("SE VALORA CARNET DE CARRETILLERO EN VIGOR.", ("CERTIFICATION", "CARNET DE CARRETILLERO"),
     ("CERTIFICATION", "CARNET DE")),
    ("PERMISO DE TRABAJO EN VIGOR Y CARNET DE GRÚA PUENTE.", ("CERTIFICATION", "CARNET DE GRÚA PUENTE"),
     ("CERTIFICATION", "PERMISO DE")),
    ("SE VALORA CARNET DE CONDUCIR DE CAMIÓN.", ("CERTIFICATION", "CARNET DE CONDUCIR DE CAMIÓN"),
     ("CERTIFICATION", "CARNET DE CONDUCIR DE")),
    ("Imprescindible permiso de conducir C y/o C+E.", ("CERTIFICATION", "permiso de conducir C y/o C+E"), None),
    ("Se requiere CAP de mercancías y tarjeta de tacógrafo.", ("CERTIFICATION", "CAP de mercancías"), None),
    ("Valorable carné de fitosanitarios.", ("CERTIFICATION", "carné de fitosanitarios"), None),
    ("Requisitos: permiso de conducir C. Tarjeta CAP. - Tacógrafo.", ("CERTIFICATION", "Tacógrafo"), None),
    ("Imprescindible: GWO en vigor.", ("CERTIFICATION", "GWO"), None),
    # stop 27: an audit of 4,317 unannotated postings (not from the test offices) found these missed
    ("Titulación mínima de Técnico de Gestión Administrativa o equivalente.", ("DEGREE", "Técnico"), None),
    ("ELS REQUISITS SÓN: TèCNIC/A SUPERIOR EN INTEGRACIÓ SOCIAL.", ("DEGREE", "TèCNIC/A SUPERIOR"), None),
    ("REQUISITS: TITULACIÓ D'ESTUDIS PRIMARIS.", ("DEGREE", "ESTUDIS PRIMARIS"), None),
    ("ES VALORARÀ: ESTUDIS UNIVERSITARIS EN CIÈNCIES DE L'EDUCACIÓ.", ("DEGREE", "ESTUDIS UNIVERSITARIS"), None),
    ("Requisitos: Educación General Básica.", ("DEGREE", "Educación General Básica"), None),
    # the old FP II title and the sports-instructor titles
    ("FORMACIÓN A NIVEL DE TÉCNICO ESPECIALISTA ADMINISTRATIVO O FP II.", ("DEGREE", "TÉCNICO ESPECIALISTA"), None),
    ("Requisitos: Título técnico deportivo para el tenis.", ("DEGREE", "técnico deportivo"), None),
    ("Requisitos: Técnico Deportivo Superior en Fútbol.", ("DEGREE", "Técnico Deportivo Superior"), None),
    ("Imprescindible carnet de plataforma elevadora.", ("CERTIFICATION", "carnet de plataforma elevadora"), None),
    ("IMPRESCINDIBLE CARNET DE OPERADOR DE GRÚA TORRE.", ("CERTIFICATION", "CARNET DE OPERADOR DE GRÚA TORRE"), None),
    ("- TÍTOL DE MONITOR/A DE LLEURE FINALITZAT.", ("CERTIFICATION", "MONITOR/A DE LLEURE"), ("DEGREE", "TÍTOL")),
    ("REQUISITS: - ACTIC NIVELL MITJÀ CERTIFICAT.", ("CERTIFICATION", "ACTIC"), None),
    ("Permisos de Conducir: B.", ("CERTIFICATION", "B"), None),
    # stop 27: a car licence and an installer's card named without "conducir"
    ("Requisitos: carnet de coche y vehículo propio.", ("CERTIFICATION", "carnet de coche"), None),
    ("Valorables: formación en fotovoltaica y carnet de instalador.", ("CERTIFICATION", "carnet de instalador"), None),
    # a field list ends at the next section word of an all-caps posting with no punctuation
    ("Estudios: Grado en Enfermería Contrato temporal de seis meses.", ("FIELD", "Enfermería"),
     ("FIELD", "Enfermería Contrato temporal de seis meses")),
    ("Requisitos: titulación universitaria en Ingeniería especialidad en electricidad.", ("FIELD", "electricidad"),
     ("FIELD", "Ingeniería especialidad en electricidad")),
    ("Requisitos: formación de grado medio en las familias de electricidad o electrónica.",
     ("FIELD", "electricidad"), ("FIELD", "familias de electricidad")),
    ("Perfil: profesionales con más de 3 años de experiencia en nóminas.", ("EXPERIENCE", "más de 3 años"), None),
    ("Se necesita soldador con 24 meses de experiencia.", ("EXPERIENCE", "24 meses"), None),
    ("Experiencia mín. de 2 años en charcutería.", ("EXPERIENCE", "mín. de 2 años"), None),
    ("Funciones: atender a clientes y reponer. Experiencia mínima de 6 meses en tienda.",
     ("EXPERIENCE", "mínima de 6 meses"), None),
    # a company before "busca" does not own the years that follow
    ("Importante empresa busca técnico con 3 años de experiencia.", ("EXPERIENCE", "3 años"), None),
    # the second review: each was lost by the first round of fixes
    ("Titulación de nivel Máster en Finanzas.", ("DEGREE", "Máster"), None),
    ("Buscamos perfil Técnico Superior en Prevención.", ("DEGREE", "Técnico Superior"), None),
    ("Requisitos: Tec Superior en Administración.", ("DEGREE", "Tec Superior"), None),
    ("Carnet de conducir B, vehículo propio: No.", ("CERTIFICATION", "Carnet de conducir B"), None),
    ("Persona hablante de francés e inglés.", ("LANGUAGE", "francés"), None),
])
def test_spanish_spans_found_since_stop_26(text, expected, absent):
    found = spans(text, "es")
    assert expected in found and absent not in found


@pytest.mark.parametrize("text, label", [
    ("Requisitos: certificado de discapacidad con grado de discapacidad igual o superior al 33%.", "DEGREE"),
    ("Requisitos: inglés técnico medio y documentos técnicos en alemán.", "DEGREE"),
    # "técnico" before a trade is a job title unless a degree noun precedes it (stop 27's ``before``)
    ("Buscamos técnico de mantenimiento con carnet B.", "DEGREE"),
    # the first review: each of these was tagged by the first version of the fixes
    ("Buscamos persona con alto grado de compromiso e implicación.", "DEGREE"),
    ("Perfil técnico medio-alto. Nivel técnico medio de Excel.", "DEGREE"),
    ("Se requieren conocimientos técnicos medios de mecánica.", "DEGREE"),
    ("Trabajamos con equipos Hi-Tec y con el Tec de Monterrey.", "DEGREE"),
    ("Código postal CP 2 de la zona industrial.", "DEGREE"),
    # a licence answered "no" on a form, in every form
    ("Permiso de conducir: No. Vehículo propio: No.", "CERTIFICATION"),
    ("Carnet de conducir tipo B: No. CARNET DE CONDUCIR B: NO.", "CERTIFICATION"),
    ("Permiso B de conducir: No.", "CERTIFICATION"),
    ("Carnet B: No.", "CERTIFICATION"),
    ("Carnet de conducir tipo B: No.", "CERTIFICATION"),
    ("Somos líderes en el mercado español... ¿hablamos?", "LANGUAGE"),
    # hours, a licence's age, an age and a company's years are not experience
    ("Contrato de 20 horas semanales, de lunes a viernes.", "EXPERIENCE"),
    ("Requisitos: curso de 20 horas de PRL en construcción.", "EXPERIENCE"),
    ("Requisitos: carnet de conducir con más de 1 año de antigüedad y experiencia en reparto.", "EXPERIENCE"),
    ("Somos una consultora de ámbito nacional, con más de 25 años de experiencia en formación.", "EXPERIENCE"),
    ("Se requiere edad inferior a 30 años por el tipo de contrato.", "EXPERIENCE"),
])
def test_spanish_no_span_of_this_label_since_stop_26(text, label):
    assert not {s for s in spans(text, "es") if s[0] == label}


# s56 (es-rules): an amount after "para empresa … con" is the candidate's; a licence "con N de experiencia" is
# experience (GUIDELINES es5); licence classes joined by a word stop before the next word ("Y DOCE" is no class);
# the slashed "Titulado/a universitario/a"
@pytest.mark.parametrize("text, expected, absent", [
    ("Se busca oficial para empresa en Getafe con 4 años de experiencia.", ("EXPERIENCE", "4 años"), None),
    ("Cocinero/a para restaurante de Toledo. Chófer para taller en Mérida con 2 años de experiencia.",
     ("EXPERIENCE", "2 años"), None),
    ("Imprescindible carné de camión con 18 meses de experiencia.", ("EXPERIENCE", "18 meses"),
     ("CERTIFICATION", "carné de camión con 18")),
    ("REQUISITOS: PERMISOS C Y C+E Y DOCE MESES DE EXPERIENCIA EN RUTA.", ("EXPERIENCE", "DOCE MESES"),
     ("CERTIFICATION", "PERMISOS C Y C+E Y DOCE")),
    ("REQUISITOS: PERMISOS C Y C+E Y DOCE MESES DE EXPERIENCIA EN RUTA.", ("CERTIFICATION", "PERMISOS C Y C+E"),
     None),
    ("Imprescindible carnet B, C y D en vigor.", ("CERTIFICATION", "carnet B, C y D"), None),
    ("Imprescindible carnet B/C en vigor.", ("CERTIFICATION", "carnet B/C"), None),
    ("Requisitos: Titulada/o universitaria/o y carné B.", ("DEGREE", "Titulada/o universitaria/o"), None),
    ("Perfil: Titulado/a universitario/a con inglés B2.", ("DEGREE", "Titulado/a universitario/a"), None),
    ("Titulado universitario a ser posible en Derecho.", ("DEGREE", "Titulado universitario"),
     ("DEGREE", "Titulado universitario a")),
    # s56 mend (review finding 4): a gender ending is attached ("/a", "-a", "(a)"); a free-standing "o"/"a" is the
    # conjunction or the preposition
    ("Perfil: Titulado/a universitario o similar.", ("DEGREE", "Titulado/a universitario"),
     ("DEGREE", "Titulado/a universitario o")),
    ("Perfil: Titulado/a universitario o técnico superior en Comercio.", ("DEGREE", "Titulado/a universitario"),
     ("DEGREE", "Titulado/a universitario o")),
    ("Perfil: Titulado/a universitario a media jornada.", ("DEGREE", "Titulado/a universitario"),
     ("DEGREE", "Titulado/a universitario a")),
    ("Perfil: Titulado(a) universitario(a) con carné B.", ("DEGREE", "Titulado(a) universitario(a)"),
     ("DEGREE", "Titulado(a) universitario(a")),
    ("Perfil: Titulado-a universitario-a.", ("DEGREE", "Titulado-a universitario-a"), None),
    ("PERFIL: TITULADOS/AS UNIVERSITARIOS/AS EN HISTORIA.", ("DEGREE", "TITULADOS/AS UNIVERSITARIOS/AS"), None),
    ("Licenciado a jornada completa en Derecho.", ("DEGREE", "Licenciado"), ("DEGREE", "Licenciado a")),
    # counter-examples: a name's own conjunction, and a written-out doublet, stay whole
    ("REQUISITS: GRAU MITJA O SUPERIOR EN COMERÇ.", ("DEGREE", "GRAU MITJA O SUPERIOR"), None),
    ("Requisitos: Graduada o graduado en Historia.", ("DEGREE", "Graduada o graduado"), None),
    ("Requisitos: Técnico superior o medio en Comercio.", ("DEGREE", "Técnico superior o medio"), None),
    # s56 mend (finding 6, GUIDELINES es5 over es2): licence tenure with "experiencia" right after it is experience
    ("Imprescindible carnet de conducir con 2 años de experiencia en reparto.", ("EXPERIENCE", "2 años"), None),
    # s56 mend (finding 5): the telegraphic job line with a place; the Catalan one too
    ("Ebanista para taller en Alcorcón con 3 años de experiencia.", ("EXPERIENCE", "3 años"), None),
    ("Fuster per a empresa a Manresa amb 2 anys d'experiència.", ("EXPERIENCE", "2 anys"), None),
    # s56 mend (finding 9): the Catalan "i", the serial comma and "y/ o" join classes; "Y DE CAMIÓN" is no class
    ("Imprescindible carnet B i C en vigor.", ("CERTIFICATION", "carnet B i C"), None),
    ("Imprescindible carnet B, C1, y C en vigor.", ("CERTIFICATION", "carnet B, C1, y C"), None),
    ("IMPRESCINDIBLE CARNET B Y/ O C.", ("CERTIFICATION", "CARNET B Y/ O C"), None),
    ("IMPRESCINDIBLE CARNET DE CONDUCIR B Y DE CAMIÓN.", ("CERTIFICATION", "CARNET DE CONDUCIR B"),
     ("CERTIFICATION", "CARNET DE CONDUCIR B Y DE")),
    ("IMPRESCINDIBLE CARNETS C, D Y DE.", ("CERTIFICATION", "CARNETS C, D Y DE"), None),
])
def test_spanish_spans_found_in_s56(text, expected, absent):
    found = spans("Oferta\n" + text, "es")
    assert expected in found and absent not in found


@pytest.mark.parametrize("text", [
    # the company's years: with an article after "para", or with no "para" at all
    "Trabajarás para una empresa con 10 años de experiencia en reformas.",
    "Somos una empresa con 12 años de experiencia en el sector.",
    "Empresa con 8 años de experiencia busca dependiente.",
    # a licence held that long, the experience word not right after the amount
    "Permiso de conducir con 2 años, experiencia en reparto.",
    "Carnet de conducir con más de 1 año de antigüedad.",
    # s56 mend (review finding 5): only "para empresa/taller en <place> con" is the candidate's; an adjective, a
    # sector or a line in capitals after "para empresa" leaves the years the company's
    "Buscamos dependiente para empresa consolidada con 10 años de experiencia en el ramo.",
    "Se necesita cocinero para empresa de restauración con 12 años de experiencia en Toledo.",
    "Vacante para grupo textil con 9 años de experiencia en el sector.",
    "Comercial para empresa en expansión con 10 años de experiencia.",
    "SE BUSCA PEÓN PARA EMPRESA LIDER CON MAS DE 10 AÑOS DE EXPERIENCIA EN EL SECTOR.",
    "Es busca cambrer per a empresa amb 10 anys d'experiència en el sector.",
])
def test_spanish_company_years_and_licence_age_stay_untagged_in_s56(text):
    assert not {s for s in spans("Oferta\n" + text, "es") if s[0] == "EXPERIENCE"}


@pytest.mark.parametrize("text", [
    # s56 mend (review finding 4): "graduates or university students", no merged degree
    "Buscamos jóvenes titulados o universitarios con ganas de aprender.",
    "Tituladas o universitarias con interés por la moda.",
])
def test_spanish_titulados_o_universitarios_is_no_degree(text):
    assert not {s for s in spans("Oferta\n" + text, "es") if s[0] == "DEGREE"}


# Stop 27: Spanish FIELD misses of the train postings (rules recall 0.59 there), each snippet invented
# in the same shape.

@pytest.mark.parametrize("text, fields", [
    # after "formación en" only the disciplines are fields; a trade or tool is a competency (guidelines)
    ("Se valora formación en ADE, derecho o similar.", {"ADE", "derecho"}),
    ("FORMACIÓN ESPECÍFICA EN INGENIERÍA DE CAMINOS O ARQUITECTURA.", {"INGENIERÍA DE CAMINOS", "ARQUITECTURA"}),
    ("Requisitos: formación en Administración, ofimática y nóminas.", {"Administración"}),
    ("Requisito: Formación en ocio y tiempo libre.", {"ocio y tiempo libre"}),
    # the employment services' form: a degree in capitals, its field in lowercase right after it
    ("Formación Reglada TÉCNICO SUPERIOR desarrollo de proyectos mecánicos TÉCNICO SUPERIOR "
     "producción por mecanizado", {"desarrollo de proyectos mecánicos", "producción por mecanizado"}),
    ("Formación: INGENIERO TÉCNICO forestal, especialidad en explotaciones forestales.",
     {"forestal", "explotaciones forestales"}),
    # "Tec." and "Técnico Superior" take a field without "en"; "o equivalente:" opens a list
    ("Titulaciones de Tec. mantenimiento de maquinaria, Tec. automoción.",
     {"mantenimiento de maquinaria", "automoción"}),
    ("Requisitos: Técnico Superior Ganadería y asistencia en sanidad animal.",
     {"Ganadería y asistencia en sanidad animal"}),
    ("Requisitos: Grado universitario o equivalente: Derecho, ADE, Económicas.", {"Derecho", "ADE", "Económicas"}),
    # found by a review of the rules' new spans on 4,321 unannotated postings
    ("Tec. en cuidados auxiliares de enfermería.", {"cuidados auxiliares de enfermería"}),
    ("Formación: F.P. rama Electricidad y electrónica.", {"Electricidad y electrónica"}),
    ("Requisitos: FP rama de electricidad.", {"electricidad"}),
    ("Licenciatura o Grado de la rama sanitaria: Odontología.", {"rama sanitaria"}),
    ("Se valora formación en automoción y la mecánica.", {"automoción"}),
    ("Requisitos: Grado en Historia. Valorable formación en historia clínica.", {"Historia"}),
    ("FORMACIÓN EN HOSTELERÍA TAREAS: ATENDER MESAS.", {"HOSTELERÍA"}),
    # Catalan postings are read with the Spanish table
    ("Es valorarà formació en dret, economia o similar.", {"dret", "economia"}),
    ("REQUISITS: - DISPOSAR DE FORMACIÓ EN HOSTELERIA I/O CUINA.", {"HOSTELERIA"}),
    # stop 28: Catalan disciplines, an apostrophe inside a field
    ("Formació en ciències de l'educació, psicologia o pedagogia.",
     {"ciències de l'educació", "psicologia", "pedagogia"}),
    ("FORMACIÓ EN RELACIONS LABORALS, DRET, ADMINISTRACIÓ O SIMILARS.",
     {"RELACIONS LABORALS", "DRET", "ADMINISTRACIÓ"}),
    ("ARQUITECTO TÉCNICO, INGENIERO INDUSTRIAL, O ARQUITECTO.", {"INDUSTRIAL"}),
    ("Titulación: Ingeniero Agrónomo o Ingeniero de Montes.", {"Agrónomo", "Montes"}),
    # an apostrophe the source's encoding turned into "?" neither ends nor hides a field
    ("REQUISITS: GRAU SUPERIOR D?INTEGRACIÓ SOCIAL, MAGISTERI O PEDAGOGIA.",
     {"INTEGRACIÓ SOCIAL", "MAGISTERI", "PEDAGOGIA"}),
    ("ES VALORARÀ: LLICENCIATURA EN CIÈNCIES DE L?ACTIVITAT FÍSICA I DE L?ESPORT.",
     {"CIÈNCIES DE L?ACTIVITAT FÍSICA I DE L?ESPORT"}),
    ("ESTUDIS UNIVERSITARIS DE L?ÀMBIT DE L?EDUCACIÓ.", {"EDUCACIÓ"}),
    ("CICLE FORMATIU D?EDUCACIÓ INFANTIL O RELACIONATS.", {"EDUCACIÓ INFANTIL"}),
])
def test_spanish_fields_since_stop_27(text, fields):
    assert {t for label, t in spans(text, "es") if label == "FIELD"} == fields


@pytest.mark.parametrize("text, expected", [
    # stop 31, from the es12 rule errors (sentences written for the test)
    # Catalan "titulació" and "titulats/des" are generic degree nouns like "titulación"
    ("REQUISITS: TITULACIÓ EN L'ÀMBIT DE LA MEDIACIÓ SOCIAL.",
     {("DEGREE", "TITULACIÓ"), ("FIELD", "MEDIACIÓ SOCIAL")}),
    ("BUSQUEM TITULATS/DES EN PEDAGOGIA, PSICOLOGIA O SIMILARS.",
     {("DEGREE", "TITULATS/DES"), ("FIELD", "PEDAGOGIA"), ("FIELD", "PSICOLOGIA")}),
    ("ELS REQUISITS SÓN: TITULACIÓ DE GRADUAT ESCOLAR.", {("DEGREE", "GRADUAT ESCOLAR")}),
    # "oficial en", "o equivalente en", a bracketed list, "relacionada amb"
    ("Se precisa titulación oficial en Logopedia y buena actitud.",
     {("DEGREE", "titulación"), ("FIELD", "Logopedia")}),
    ("Necesario grado o equivalente en Economía, Derecho o Finanzas.",
     {("DEGREE", "grado"), ("FIELD", "Economía"), ("FIELD", "Derecho"), ("FIELD", "Finanzas")}),
    ("Requisitos: Titulación Universitaria (Periodismo, Publicidad o similar).",
     {("DEGREE", "Titulación Universitaria"), ("FIELD", "Periodismo"), ("FIELD", "Publicidad")}),
    ("ES VALORARÀ UN GRAU RELACIONAT AMB L'AGRONOMIA.", {("DEGREE", "GRAU"), ("FIELD", "AGRONOMIA")}),
    ("CICLE FORMATIU DE GRAU SUPERIOR RELACIONAT AMB LA JARDINERIA.", {("FIELD", "JARDINERIA")}),
    # ", o X" is a list joint; "diplomado/a", "graduado/a" keep their "/a"
    ("Grado en Historia, Geografía, o Arte.", {("FIELD", "Arte"), ("FIELD", "Geografía")}),
    ("Requisitos: diplomado/a o graduado/a en trabajo social.",
     {("DEGREE", "diplomado/a"), ("DEGREE", "graduado/a"), ("FIELD", "trabajo social")}),
    # a "Técnico/a" or "ciclo formativo" accepted as a degree takes its field without "en"
    ("Requisitos: FP GRADO MEDIO TÉCNICO/A AUXILIAR DE FARMACIA.", {("FIELD", "AUXILIAR DE FARMACIA")}),
    ("Titulación: ciclo formativo cuidados auxiliares de enfermería.",
     {("FIELD", "cuidados auxiliares de enfermería")}),
    # the official name of a certificate holds an "o" that joins no list
    ("Certificado de profesionalidad de Atención sociosanitaria a personas dependientes en el domicilio "
     "o en instituciones sociales.",
     {("FIELD", "Atención sociosanitaria a personas dependientes en el domicilio o en instituciones sociales")}),
    # the specialist title of a health profession
    ("Es requereix el títol d'especialista en psiquiatria infantil.",
     {("DEGREE", "especialista"), ("FIELD", "psiquiatria infantil")}),
    ("Se valora Licenciatura/Diplomatura/Grado en Enfermería.", {("DEGREE", "Grado")}),
])
def test_spanish_degree_and_field_since_stop_31(text, expected):
    assert expected <= spans("Oferta\n" + text, "es")


@pytest.mark.parametrize("text, expected, absent", [
    # the FP1 title "Técnico Auxiliar" before "en"; before "de", "auxiliar de X" stays the field (older gold)
    ("Requisitos: TÉCNICO AUXILIAR EN COCINA.", {("DEGREE", "TÉCNICO AUXILIAR"), ("FIELD", "COCINA")}, set()),
    ("Requisitos: FP GRADO MEDIO TÉCNICO/A AUXILIAR DE ENFERMERÍA.", {("DEGREE", "TÉCNICO/A")},
     {("DEGREE", "TÉCNICO/A AUXILIAR")}),
    # postgraduate studies, Spanish plural and Catalan
    ("Se valorará formación a través de postgrados.", {("DEGREE", "postgrados")}, set()),
    ("DISPOSAR D'UN POSTGRAU.", {("DEGREE", "POSTGRAU")}, set()),
    # "Tec. Sup." and "Cert. Prof." abbreviated, their full stop outside the span, the field after it
    ("Requisitos: Tec. Sup. en Integración Social, Cert. Prof. Atención Sociosanitaria. Trabajo en turnos.",
     {("DEGREE", "Tec. Sup"), ("FIELD", "Integración Social"), ("DEGREE", "Cert. Prof"),
      ("FIELD", "Atención Sociosanitaria")}, set()),
    # "preferentemente en" opens the field like "en"
    ("Grado universitario, preferentemente en Relaciones Laborales o Graduado Social.",
     {("FIELD", "Relaciones Laborales"), ("FIELD", "Graduado Social")}, set()),
    # "a partir de" belongs to the amount; the class of a lorry licence to the licence
    ("Valorables: Experiencia: a partir de 1 año en funciones similares.", {("EXPERIENCE", "a partir de 1 año")},
     set()),
    ("REQUISITOS: Imprescindible - Carnet de camión tipo C. FUNCIONES: carga.",
     {("CERTIFICATION", "Carnet de camión tipo C")}, set()),
    # typos of "carnet" stay inside the licence (GUIDELINES: typos in bound words stay inside)
    ("REQUISITOS: - Disponer de canet de conducir y vehículo propio.", {("CERTIFICATION", "canet de conducir")},
     set()),
    ("REQUISITOS: - Carmet de conducir y coche propio.", {("CERTIFICATION", "Carmet de conducir")}, set()),
    # "F.P." with its level is one degree; alone, its field follows without "en"
    ("Se valorará el título de F.P. de Grado Superior de la familia Imagen Personal.",
     {("DEGREE", "F.P. de Grado Superior"), ("FIELD", "Imagen Personal")}, {("DEGREE", "F.P.")}),
    ("REQUISITOS: F.P. Soldadura y Calderería, Fabricación mecánica o similar.",
     {("FIELD", "Soldadura y Calderería"), ("FIELD", "Fabricación mecánica")}, set()),
    # "Ingeniero Técnico" names its speciality right after it
    ("REQUISITOS: - Ingeniero Técnico Industrial, especialidad en electricidad.",
     {("DEGREE", "Ingeniero Técnico"), ("FIELD", "Industrial"), ("FIELD", "electricidad")}, set()),
    # "Formación:" introduces a title as "Titulación:" does
    ("- Formación: Técnico/a de Cuidados Auxiliares de Enfermería.",
     {("DEGREE", "Técnico/a"), ("FIELD", "Cuidados Auxiliares de Enfermería")}, set()),
    ("- Experiencia de 1 año aprox. en dpto. laboral.", {("EXPERIENCE", "1 año aprox")}, set()),
    # "buscamos un/a" + a title is the job, not a degree asked
    ("BUSCAMOS UN/A INGENIERO/A TÉCNICO/A ELÉCTRICO/A CON MÁSTER EN ENERGÍAS RENOVABLES.",
     {("DEGREE", "MÁSTER")}, {("DEGREE", "INGENIERO/A TÉCNICO/A"), ("FIELD", "ELÉCTRICO")}),
    # a bound word keeps its comma
    ("Experiencia en puesto similar, al menos, 6 meses.", {("EXPERIENCE", "al menos, 6 meses")}, set()),
    # the job named in an e-mail subject, and a level the candidate must NOT have finished, are no degree asked
    ('Enviar CV indicando en el asunto "OFERTA TÉCNICO EN CUIDADOS AUXILIARES DE ENFERMERÍA".', set(),
     {("DEGREE", "TÉCNICO")}),
    ("Se dará prioridad a quienes no tengan finalizada la E.S.O y a quienes estén próximos a cumplir 30.", set(),
     {("DEGREE", "E.S.O")}),
    # a certificate or card "de manejo de" a forklift, "en vigor", with its kind; "estar colegiado/a"
    ("Certificado en vigor de manejo de carretilla elevadora frontal. Vehículo propio.",
     {("CERTIFICATION", "Certificado en vigor de manejo de carretilla elevadora frontal")}, set()),
    ("- Imprescindible estar colegiado/a. -Titulación de Derecho.", {("CERTIFICATION", "colegiado/a")}, set()),
    # an installer's class is part of the card; "DE" before a trade is no class D+E
    ("Instalador de gas con Certificado de instalador tipo B y con carné de conducir.",
     {("CERTIFICATION", "Certificado de instalador tipo B")}, set()),
    ("VALORABLES: CARNET PROFESIONAL DE INSTALADOR DE FONTANERÍA. MANEJO DE ORDENADOR.",
     {("CERTIFICATION", "CARNET PROFESIONAL DE INSTALADOR DE FONTANERÍA")}, set()),
    # regression (this stop): "OFERTA" ending the line above is no e-mail subject
    ("OFERTA\nCICLE FORMATIU DE GRAU SUPERIOR RELACIONAT AMB LA JARDINERIA.", {("FIELD", "JARDINERIA")}, set()),
])
def test_spanish_rules_since_stop_32(text, expected, absent):
    found = spans("Oferta\n" + text, "es")
    assert expected <= found and not absent & found, found


@pytest.mark.parametrize("text", [
    # a list ends before a new requirement joined by "y", a Catalan "per", a degree noun or "o bien"
    "Necesario grado o equivalente en Enfermería y buena disposición para el trabajo en equipo.",
    "Cal el títol d'especialista en pediatria, per treballar en xarxa amb famílies.",
    "Grado medio en electricidad, o bien, el grado medio en climatización.",
    "Técnico superior en integración social y disponer del certificado de catalán.",
    "Licenciado/a en filología inglesa, maestro/a en inglés.",
])
def test_spanish_field_lists_end_since_stop_31(text):
    fields = {t for label, t in spans("Oferta\n" + text, "es") if label == "FIELD"}
    assert fields and all(len(f.split()) <= 2 for f in fields), fields


@pytest.mark.parametrize("text", [
    "Se valora formación en prevención de riesgos laborales y en carretillas.",
    "Formación en soldadura y manejo de herramientas.",
    # a degree in capitals followed by a frame word, not a field
    "Buscamos TÉCNICO SUPERIOR para el departamento. Se valora TÉCNICO SUPERIOR con experiencia.",
    # mixed case: the case change is no signal
    "Técnico Superior valorable.",
    # a status word after a degree in capitals is no field (found by fuzzing)
    "Requisitos: BACHILLERATO terminado. DOCTORADO reciente. TÉCNICO SUPERIOR deseable.",
    "Requisitos: GRADUADO ESCOLAR obligatorio y DIPLOMATURA universitaria.",
])
def test_spanish_no_field_since_stop_27(text):
    assert not {s for s in spans(text, "es") if s[0] == "FIELD"}


@pytest.mark.parametrize("text, degrees", [
    # a generic noun that introduces a named degree is not a second degree
    ("Necesario título universitario de Grado o Diplomatura en Fisioterapia.", {"Grado", "Diplomatura"}),
    ("ESTAR EN POSESIÓN DE LAS TITULACIONES UNIVERSITARIAS OFICIALES DE LICENCIADO EN PEDAGOGÍA.",
     {"LICENCIADO"}),
    # alone it still carries the requirement
    ("Requisitos: titulación universitaria en Ciencias de la Salud.", {"titulación universitaria"}),
    # school stages a teacher works with are not the candidate's degree, in Catalan too
    ("Academia busca profesor para alumnos de INFANTIL, PRIMARIA, SECUNDARIA Y BACHILLERATO.", set()),
    ("Profesor para INFANTIL, PRIMARIA, ESO I BATXILLERAT.", set()),
    # but a degree after such a list is one (review: the first version dropped these)
    ("Requisitos: CFGS Educación Infantil, Grado en Magisterio.", {"CFGS", "Grado"}),
    ("MONITOR PER A INFANTIL I PRIMÀRIA, GRAU MITJÀ EN ENSENYAMENTS ESPORTIUS.", {"GRAU MITJÀ"}),
    # stop 28: a job title refused as a degree leaves no part of itself behind ("[TÉCNICO]")
    ("Se busca INGENIERO TÉCNICO industrial con 3 años de experiencia.", set()),
    ("Requisitos: INGENIERO TÉCNICO industrial.", {"INGENIERO TÉCNICO"}),
    # third audit round: an engineer's speciality right after the title is its field (train gold:
    # "INGENIERO [INDUSTRIAL]"); the title alone is still a job
    ("Titulación: Ingeniero Agrónomo o Ingeniero de Montes.", {"Ingeniero"}),
    ("Se necesita ingeniero para la obra.", set()),
    # third audit round: the certificate's name without "de", its level as "N 2"
    ("Requisitos: Certificado Profesionalidad de N 2 en Gestión de plagas.", {"Certificado Profesionalidad de N 2"}),
    # the pupils' stage is not the candidate's degree
    ("MONITOR/A PER ACOMPANYAR ALUMNES D?ESO DURANT L?ESPAI DE MIGDIA.", set()),
    ("Profesor para alumnos de ESO y Bachillerato. Requisitos: Grado en Matemáticas.", {"Grado"}),
])
def test_spanish_degrees_since_stop_27(text, degrees):
    assert {t for label, t in spans(text, "es") if label == "DEGREE"} == degrees


@pytest.mark.parametrize("text, expected", [
    # stop 28 record audit: Catalan forms read with the Spanish tables
    ("REQUISITS: FORMACIÓ MÍNIMA GRAU MIG O SUPERIOR EN ADMINISTRACIÓ. IDIOMES: CATALÀ I CASTELLÀ.",
     {("DEGREE", "GRAU MIG O SUPERIOR"), ("FIELD", "ADMINISTRACIÓ"), ("LANGUAGE", "CATALÀ"), ("LANGUAGE", "CASTELLÀ")}),
    ("ES VALORARÀ DISPOSAR DEL CERTIFICAT DE PROFESSIONALITAT DE NETEJA DE SUPERFÍCIES.",
     {("DEGREE", "CERTIFICAT DE PROFESSIONALITAT"), ("FIELD", "NETEJA DE SUPERFÍCIES")}),
    ("CAMBRER/A AMB TITULACIÓ FP-GRAU MITJÀ EN SERVEIS DE RESTAURACIÓ O AMB EXPERIÈNCIA. QUE PARLI ANGLÈS.",
     {("DEGREE", "FP-GRAU MITJÀ"), ("FIELD", "SERVEIS DE RESTAURACIÓ"), ("LANGUAGE", "ANGLÈS")}),
    # teaching a certificate is not holding one
    ("DOCENT PER A LA IMPARTICIÓ DE CERTIFICATS DE PROFESSIONALITAT NIVELL 1 DE SOCIOSANITARI.", set()),
])
def test_catalan_forms_since_stop_28(text, expected):
    assert {s for s in spans(text, "es") if s[0] != "COMPETENCY"} == expected


@pytest.mark.parametrize("text, experience", [
    # a shift's hours and a course's length are not experience; hours of practice said to be so are
    ("Camarero/a. Horario de 7.00-15.00 horas. Experiencia mínima de 2 años.", {"mínima de 2 años"}),
    ("Formación en PRL del metal de 60 horas. Experiencia mínima de 2 años.", {"mínima de 2 años"}),
    ("Requisitos: experiencia como formador para el empleo superior a 300 horas.", {"superior a 300 horas"}),
    ("Requisits: acreditar més de 1.000 hores d'experiència professional.", {"més de 1.000 hores"}),
    # second audit round: a contract's length, the company's own years, how recent a degree is
    ("Camarero. Contrato inicial de 3 meses. Se requiere experiencia en el puesto.", set()),
    ("Semic som proveïdors de serveis amb més de 40 anys d'experiència en el mercat.", set()),
    ("Requisits: haver finalitzat els estudis de TCAI en els últims 3 anys, i no tenir experiència.", set()),
])
def test_spanish_hours_since_stop_28(text, experience):
    assert {t for label, t in spans(text, "es") if label == "EXPERIENCE"} == experience


def test_a_lost_apostrophe_is_read_as_one_and_a_question_mark_stays_one():
    assert not {s for s in spans("PER IMPARTIR LA FORMACIÓ DEL CURS D?ANGLÈS A2.", "es") if s[0] == "LANGUAGE"}
    assert rules_fr_es._LOST_APOSTROPHE.sub(r"\1'", "L?EQUIP, D?UN ANY; ¿Tienes carnet D? Sí. ¿Y tú?Di") == \
        "L'EQUIP, D'UN ANY; ¿Tienes carnet D? Sí. ¿Y tú?Di"


def test_french_rules_keep_their_fields_without_the_spanish_forms():
    # caps_bare and the discipline list are Spanish data; the French table leaves them off
    assert not {s for s in spans("Exigé : BAC PRO commerce, formation en droit.", "fr") if s[0] == "FIELD"} \
        - {("FIELD", "commerce")}


def test_spanish_spoken_languages_need_only_a_speaking_verb():
    found = spans("Buscamos a alguien que hable catalán y castellano con soltura.", "es")
    assert {("LANGUAGE", "catalán"), ("LANGUAGE", "castellano")} <= found
    # "título español", "a nivel español": nationality, not a language asked for
    found = spans("Requisito: título español u homologado. Empresa presente a nivel español.", "es")
    assert not {s for s in found if s[0] == "LANGUAGE"}


@pytest.mark.parametrize("brk", ["\n", "\r", "\x0b", "\x85", "\u2028"])
def test_no_rule_span_crosses_a_line_break(brk):
    # the rules' field lists ran on past line breaks other than "\n"
    text = f"Oferta\nRequisitos: Licenciatura en Derecho{brk}Python y Excel"  # line 1 is the title
    found = spans(text, "es")
    assert ("FIELD", "Derecho") in found
    assert not any(c in t for _, t in found for c in "\n\r\x0b\x85\u2028")


def test_catalan_is_read_with_the_spanish_tables():
    text = "Cal tenir el permís de conduir classe B i coneixements de comptabilitat."
    assert rules.annotate(text, lang="ca") == rules.annotate(text, lang="es")
    assert ("CERTIFICATION", "permís de conduir classe B") in spans(text, "ca")


# ---------------------------------------------------------------- language choice

def test_detected_language_picks_the_rules():
    fr = "Nous recherchons un technicien titulaire d'un BTS, avec au moins trois ans d'expérience et le permis B."
    assert rules.annotate(fr) == rules.annotate(fr, lang="fr")
    es = "Buscamos un técnico con al menos tres años de experiencia y carnet de conducir B para nuestra empresa."
    assert rules.annotate(es) == rules.annotate(es, lang="es")


def test_languages_without_tables_use_the_english_rules():
    text = "Bachelor's degree in Economics and at least 3 years of experience; fluent English."
    assert rules.annotate(text, lang="de") == rules.annotate(text, lang="en")
    assert rules.annotate(text, lang="und") == rules.annotate(text, lang="en")


# ---------------------------------------------------------------- English unchanged

# Spans of the English rules before French and Spanish were added, computed with that code (pinned: any
# change is a regression). All 569 English gold postings gave the same spans before and after too.
ENGLISH = [
    ("Requirements: Bachelor's degree in Computer Science or Statistics; at least 5 years of experience "
     "with Python. Fluent English and working knowledge of French. PMP certification is an asset.",
     [("DEGREE", "Bachelor's degree"), ("FIELD", "Computer Science"), ("FIELD", "Statistics"),
      ("EXPERIENCE", "at least 5 years"), ("LANGUAGE", "English"),
      ("LANGUAGE", "French"), ("CERTIFICATION", "PMP certification")]),
    ("Master's degree in Public Health. Minimum of three years experience in data analysis. Driving licence.",
     [("DEGREE", "Master's degree"), ("FIELD", "Public Health"), ("EXPERIENCE", "Minimum of three years"),
      ("CERTIFICATION", "Driving licence")]),
    ("A few years of experience; knowledge of SAP and proficiency in Excel.",
     [("EXPERIENCE", "few years"), ("COMPETENCY", "SAP"), ("COMPETENCY", "Excel")]),
]


@pytest.mark.parametrize("text, expected", ENGLISH)
def test_english_rules_are_unchanged(text, expected):
    for lang in ("en", None):
        assert [(s.label, s.text) for s in rules.annotate(text, lang=lang)] == expected


# ---------------------------------------------------------------- robustness

_PIECES = [*"aeéèàçñ ÉABC\n\t,.;:()/+-'’0123456789ßﬁ½İœ", "Bac+5 ", "Master ", " en ", "ans ", "años ", "permis ",
           "carnet ", "de ", "anglais ", "inglés ", "maîtrise de ", "Missions :", "FUNCIONES:", "B "]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=120).map("".join), st.sampled_from(["fr", "es"]))
def test_offsets_hold_on_any_text(text, lang):
    spans(text, lang)


def test_fold_keeps_offsets():
    text = "Diplôme d'État ½ ﬁn Œuvre İ"
    assert len(rules_fr_es.fold(text)) == len(text)
    assert rules_fr_es.fold("Expérience année") == "Experience annee"


def test_a_bad_table_pattern_is_named(monkeypatch):
    from reqtag.structure import tables

    real = tables.section

    def broken(concept, lang):
        sec = real(concept, lang)
        if concept == "rule_cues":
            sec = {**sec, "field": {**sec["field"], "stop": "(unclosed"}}
        return sec
    monkeypatch.setattr(tables, "section", broken)
    with pytest.raises(ValueError, match="rule_cues.toml"):
        rules_fr_es._rules.__wrapped__("fr")


@pytest.mark.parametrize("brk", ["\r", "\u2028", "\x85", "\r\n"])
def test_spanish_lists_end_at_a_line_break_of_any_kind(brk):
    # the tables' stop and end patterns name "\n"; the rules read every break as one (found by fuzzing:
    # "Word" and "Access" became fields of "Grado en Derecho" across "\r" and U+2028)
    text = "Requisitos:\nGrado en Derecho\nExcel, Word, Access"
    assert spans(text.replace("\n", brk), "es") == spans(text, "es")


# Regression: three loops compared every span with every other one, so a 100k-character posting of
# repeated degree names ("Tec. " * 20000) took 24 s; they now look only at a span's neighbours.

@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 12)), max_size=40))
def test_nested_spans_match_a_scan_of_every_pair(raw):
    found = sorted({(a, a + n) for a, n in raw})
    brute = {(a, b) for a, b in found if any(x <= a and b <= y and (x, y) != (a, b) for x, y in found)}
    assert rules_fr_es._nested(found) == brute


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 12)), max_size=30),
       st.lists(st.tuples(st.integers(0, 60), st.integers(1, 12)), max_size=30))
def test_spans_inside_others_match_a_scan_of_every_pair(raw, raw_outer):
    spans, outer = [(a, a + n) for a, n in raw], sorted({(a, a + n) for a, n in raw_outer})
    brute = {(a, b) for a, b in spans if any(x <= a and b <= y and (x, y) != (a, b) for x, y in outer)}
    assert rules_fr_es._nested(spans, outer) == brute


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 12), st.sampled_from(["DEGREE", "COMPETENCY"])),
                max_size=40))
def test_resolving_candidates_matches_a_scan_of_every_pair(raw):
    from reqtag.annotations.rules import _resolve

    text = "abcdefghij" * 8
    cands = [(a, a + n, label) for a, n, label in raw]
    taken: list[tuple[int, int]] = []
    want = []
    for a, b, label in sorted(cands, key=lambda c: (c[2] == "COMPETENCY", -(c[1] - c[0]), c[0])):
        if not any(a < y and x < b for x, y in taken):
            taken.append((a, b))
            want.append((a, b, label))
    assert [(s.start, s.end, s.label) for s in _resolve(text, cands)] == sorted(want)


def test_the_english_rules_read_a_lone_surrogate():
    # regression: spaCy raised on "\udc80"; the CLI's pre-annotation and the harness call annotate directly
    text = "Requirements: a Master's degree in Economics \udc80 and 5 years of experience."
    found = rules.annotate(text, "en")
    assert ("DEGREE", "Master's degree") in {(s.label, s.text) for s in found}
    assert all(text[s.start:s.end] == s.text for s in found)


# ---------------------------------------------------------------- stop 29: the record audits, rounds 4-7

@pytest.mark.parametrize("lang, text, present, absent", [
    # a frame before the fields is not a field: "en cualquiera de las especialidades de", "en las ramas"
    ("es", "REQUISITOS: - FP II en cualquiera de las especialidades de electricidad o mecánica.",
     {("FIELD", "electricidad"), ("FIELD", "mecánica")}, {("FIELD", "cualquiera")}),
    ("es", "Estar en posesión de título universitario de grado en las ramas jurídica o económica.",
     {("FIELD", "jurídica"), ("FIELD", "económica")}, {("FIELD", "ramas jurídica")}),
    # the vehicle is inside the licence, as "de camión" was
    ("es", "REQUISITOS: - Disponer de CAP. - Permiso de conducir de autobús.",
     {("CERTIFICATION", "Permiso de conducir de autobús")}, {("CERTIFICATION", "Permiso de conducir")}),
    # the length of the cover is no experience, "unos" before the amount included
    ("es", "Se trata de cubrir una baja con una duración aproximada de unos 4 meses. REQUISITOS: experiencia como "
           "camarero.", set(), {("EXPERIENCE", "4 meses"), ("EXPERIENCE", "unos 4 meses")}),
    # the FP title after the level word is a second degree (es7)
    ("es", "REQUISITOS: CFGM en Técnico en Farmacia.",
     {("DEGREE", "CFGM"), ("DEGREE", "Técnico"), ("FIELD", "Farmacia")}, {("FIELD", "Técnico")}),
    ("es", "REQUISITOS: FP Grado Medio Técnico/a Auxiliar de Enfermería.",
     {("DEGREE", "FP Grado Medio"), ("DEGREE", "Técnico/a")}, {("FIELD", "Técnico")}),
    # a French field list ends at its verb
    ("fr", "Exigences : une maîtrise en relations industrielles constitue un atout.",
     {("FIELD", "relations industrielles")}, set()),
    # a generic "titulación de X" is the degree when it names none (es9); a named degree after it is the degree
    ("es", "REQUISITOS: TITULACIÓN DE FILOLOGÍA INGLESA.",
     {("DEGREE", "TITULACIÓN"), ("FIELD", "FILOLOGÍA INGLESA")}, set()),
    ("es", "Requisitos: Titulación de Técnico Superior en Educación Infantil.", {("DEGREE", "Técnico Superior")},
     {("DEGREE", "Titulación")}),
    ("es", "Requisitos: Titulación de Monitor de tiempo libre.", {("CERTIFICATION", "Monitor de tiempo libre")},
     {("DEGREE", "Titulación")}),
    # "formación relacionada con el campo de X", Catalan FP families after "formació en"
    ("es", "- Formación relacionada con el campo de la nutrición. - Carnet de conducir.", {("FIELD", "nutrición")},
     set()),
    ("es", "BUSQUEM PERSONA AMB FORMACIÓ EN SERVEIS SOCIOCULTURALS I CARNET DE CONDUIR.",
     {("FIELD", "SERVEIS SOCIOCULTURALS")}, set()),
    # a professional title in a list of titulaciones is the degree; alone it is the job
    ("es", "REQUISITOS: Titulación requerida: diplomado/a en Trabajo Social, maestro, psicólogo.",
     {("DEGREE", "maestro"), ("DEGREE", "psicólogo")}, set()),
    ("es", "REQUISITOS: Titulación de Integrador Social imprescindible.", {("DEGREE", "Integrador Social")}, set()),
    ("es", "¡HOLA EDUCADOR/A SOCIAL! Buscamos trabajador/a social con experiencia.", set(),
     {("DEGREE", "EDUCADOR/A SOCIAL"), ("DEGREE", "trabajador/a social")}),
])
def test_rules_from_the_record_audits(lang, text, present, absent):
    got = spans(text, lang)
    assert present <= got and not absent & got


@pytest.mark.parametrize("text, expected", [
    # stop 35, from the rule errors on es19 (50 dev postings annotated blind; sentences written for the test)
    # the job after a hiring verb is no degree asked for; "se precisa" still introduces a requirement
    ("Empresa de montajes necesita ingeniero/a industrial para su oficina técnica.", set()),
    ("Se precisa titulación oficial en Logopedia.", {("DEGREE", "titulación"), ("FIELD", "Logopedia")}),
    # a degree a teacher teaches or a programme runs
    ("Buscamos profesor/a de formación profesional de sanidad para programas de formación profesional.", set()),
    # "formación técnica" is an adjective, not the title "Técnica"; what follows is its field
    ("Requisitos: formación técnica en mantenimiento o similar.", {("FIELD", "mantenimiento")}),
    ("Formación: Técnica en Farmacia y Parafarmacia.",
     {("DEGREE", "Técnica"), ("FIELD", "Farmacia y Parafarmacia")}),
    # the generic noun carries the requirement when it names no degree
    ("Requisitos: titulación válida para el ejercicio del puesto.", {("DEGREE", "titulación")}),
    # "de formación profesional" inside the level phrase (Appendix ES, FP levels)
    ("Poseer el ciclo formativo de grado superior de formación profesional en informática.",
     {("DEGREE", "ciclo formativo de grado superior de formación profesional"), ("FIELD", "informática")}),
])
def test_spanish_degree_and_field_since_stop_35(text, expected):
    assert {(label, t) for label, t in spans(text, "es") if label in ("DEGREE", "FIELD")} == expected


@pytest.mark.parametrize("text, expected", [
    # stop 36, from the rule errors on es20 (50 dev postings annotated blind; sentences written for the test)
    # the job a company takes on ("precisa incorporar a su plantilla 1 ...") is no degree asked for
    ("Taller de Gijón precisa incorporar a su plantilla 1 Ingeniero/a Técnico/a para montajes.", set()),
    ("Se precisa Ingeniero Técnico en electricidad.", {("DEGREE", "Ingeniero Técnico"), ("FIELD", "electricidad")}),
    # a certificate the candidate must NOT hold (a training contract that teaches it)
    ("Requisitos: no poseer el certificado de profesionalidad de jardinería.", set()),
    ("Requisitos: poseer el certificado de profesionalidad de jardinería.",
     {("DEGREE", "certificado de profesionalidad"), ("FIELD", "jardinería")}),
    # two FP levels joined by a slash, with or without spaces, are one level phrase
    ("Requisitos: formación profesional de grado medio/ superior en electricidad.",
     {("DEGREE", "formación profesional de grado medio/ superior"), ("FIELD", "electricidad")}),
    ("Requisitos: ciclo formativo de grado medio/superior en informática.",
     {("DEGREE", "ciclo formativo de grado medio/superior"), ("FIELD", "informática")}),
    ("Requisitos: grado medio y superior en mecánica.", {("DEGREE", "grado medio y superior"), ("FIELD", "mecánica")}),
    # from es21's errors: "no estar en posesión del"; "Ciclo de Grado Medio" without "formativo"; "Tco./a"
    ("Requisitos: no estar en posesión del certificado de profesionalidad de comercio.", set()),
    ("Tener el título del Ciclo de Grado Superior de Técnico/a en Educación Infantil.",
     {("DEGREE", "Ciclo de Grado Superior"), ("DEGREE", "Técnico/a"), ("FIELD", "Educación Infantil")}),
    ("Requisitos: título de Tco./a en Farmacia y Parafarmacia.",
     {("DEGREE", "Tco./a"), ("FIELD", "Farmacia y Parafarmacia")}),
    ("El tco del proyecto es de 300 euros.", set()),
    # from es22's errors (train): a certificate the job teaches, "Bachiller Superior", a form's next heading
    ("Academia busca docente para impartir un certificado profesional de cocina.", set()),
    ("Título de Bachiller Superior o BUP.", {("DEGREE", "Bachiller Superior"), ("DEGREE", "BUP")}),
    ("Estudios Técnico en Laboratorio Idiomas Inglés.", {("DEGREE", "Técnico"), ("FIELD", "Laboratorio")}),
    # from es23's errors: the certificate a trainer will teach; a town named Grado
    ("Se pide titulación relacionada con el certificado de profesionalidad a impartir.", {("DEGREE", "titulación")}),
    ("Acreditación para poder impartir el certificado de profesionalidad.", set()),
    ("Se valorará tener residencia en Grado.", set()),
    # es24: "alguna de las siguientes disciplinas: ..." leads the field list and is no field itself
    ("Grado en alguna de las siguientes disciplinas: Económicas, Derecho.",
     {("DEGREE", "Grado"), ("FIELD", "Económicas"), ("FIELD", "Derecho")}),
    # es25, Catalan: the generic "formació universitària", "finalitzada" after a field, the ESO pupils lack
    ("Es requereix formació universitària en Sociologia o Pedagogia finalitzada.",
     {("DEGREE", "formació universitària"), ("FIELD", "Sociologia"), ("FIELD", "Pedagogia")}),
    ("Curs per a persones que no han acreditat l'ESO.", set()),
])
def test_spanish_degree_and_field_since_stop_36(text, expected):
    assert {(label, t) for label, t in spans(text, "es") if label in ("DEGREE", "FIELD")} == expected


@pytest.mark.parametrize("text, expected", [
    # es20: a class in quotes is its own span, and "tipo" never ends a licence span
    ('Se valora carnet de conducir tipo "B" y vehículo.', {"carnet de conducir", "B"}),
    ("Se valora carnet de conducir tipo B y vehículo.", {"carnet de conducir tipo B"}),
    ("Se valora carnet de conducir tipo turismo.", {"carnet de conducir"}),
    # es21: a comma before the class, a typo in the licence noun, a second machine, a health licence
    ("Requisitos: carnet de conducir, clase B. Vehículo propio.", {"carnet de conducir, clase B"}),
    ("Requisitos: pemiso de conducir tipo B.", {"pemiso de conducir tipo B"}),
    ("Se valorará carné de carretilla elevadora y transpaleta.", {"carné de carretilla elevadora y transpaleta"}),
    ("Requisitos: habilitación sanitaria.", {"habilitación sanitaria"}),
    # es22: "vigente" before the class; the driver's qualification card; the F-gas handler's licence
    ("Carnet de conducir vigente tipo B para visitas.", {"Carnet de conducir vigente tipo B"}),
    ("Tarjeta de cualificación del conductor.", {"Tarjeta de cualificación del conductor"}),
    ("Título de manipulador de gases fluorados.", {"manipulador de gases fluorados"}),
    # es24: the class C1+E whole (not "C1"), a form's colon, classes in brackets, the construction card
    ("Imprescindible permiso de conducir C1+E.", {"permiso de conducir C1+E"}),
    ("Permiso de conducir: B (turismo).", {"Permiso de conducir: B"}),
    ("Permiso de conducir: No.", set()),
    ("Permiso de conducir (A o B) para desplazarse.", {"Permiso de conducir", "A o B"}),
    ("Requisitos: Tarjeta Profesional de la Construcción.", {"Tarjeta Profesional de la Construcción"}),
    # es25, Catalan: the food handler's certificate; "cap" is "no/any", not the CAP licence
    ("Cal tenir el certificat de manipulació d'aliments.", {"certificat de manipulació d'aliments"}),
    ("NO HI HA CAP ALTRA OPCIÓ PER ALS CANDIDATS.", set()),
    ("REQUISITS: CARNET DE CONDUIR B I CAP.", {"CARNET DE CONDUIR B", "CAP"}),
])
def test_spanish_licence_forms_since_stop_36(text, expected):
    assert {t for label, t in spans(text, "es") if label == "CERTIFICATION"} == expected


@pytest.mark.parametrize("text, expected", [
    # es22: "se valorará" asks for a language like "se valora"; the language a teacher teaches is no requirement
    ("Se valorará inglés. Contrato indefinido.", {("LANGUAGE", "inglés")}),
    ("SE VALORARA INGLES. CONTRATO INDEFINIDO.", {("LANGUAGE", "INGLES")}),
    ("Buscamos profesor/a de inglés para la academia. Se valorará alemán.", {("LANGUAGE", "alemán")}),
    ("Se seleccionan formadores de francés.", set()),
    # the bound words may hold "durante" ("[al menos durante 6 meses]", es18)
    ("Experiencia en residencias al menos durante 6 meses.", {("EXPERIENCE", "al menos durante 6 meses")}),
])
def test_spanish_language_and_experience_since_stop_36(text, expected):
    assert {(label, t) for label, t in spans(text, "es") if label in ("LANGUAGE", "EXPERIENCE")} == expected


@pytest.mark.parametrize("text, expected", [
    # es26: a technical service or department is no "Técnica" degree, nor are the subjects it names fields
    ("Consultora de ingeniería y asistencia técnica en obras hidráulicas y regadíos.", set()),
    ("Se requiere Técnica en Farmacia.", {("DEGREE", "Técnica"), ("FIELD", "Farmacia")}),
    # the levels a tutor teaches are no degree asked of the candidate
    ("Academia busca tutor para clases de apoyo a estudiantes de ESO y Bachillerato.", set()),
    ("Profesorado de refuerzo nivel Bachillerato: Historia y Geografía.", set()),
    ("Se requiere Bachillerato.", {("DEGREE", "Bachillerato")}),
    # "Grado en ESO" is one degree; ESO is no field; a form's "Se ofrece" after it is no field either
    ("Imprescindible Graduado escolar o Grado en ESO: Se ofrece contrato de un año.",
     {("DEGREE", "Graduado escolar"), ("DEGREE", "Grado en ESO")}),
    # "en materia de" is a frame outside the field
    ("Valorable ciclos formativos en materia de jardinería.",
     {("DEGREE", "ciclos formativos"), ("FIELD", "jardinería")}),
    # es27: after a department no "técnico/a" form is a degree; CGM; a certificate level in Roman numerals;
    # disciplines after "formación a nivel de"; "el sector de la" and "la rama del" stay outside the field
    ("Experiencia de 2 años en oficina técnica o en obra.", set()),
    ("Requisitos: formación mínima de CGM en administración.", {("DEGREE", "CGM"), ("FIELD", "administración")}),
    ("Se requiere certificado de profesionalidad NII en limpieza de superficies.",
     {("DEGREE", "certificado de profesionalidad NII"), ("FIELD", "limpieza de superficies")}),
    ("Buscamos asesor con formación a nivel de Derecho o ADE.", {("FIELD", "Derecho"), ("FIELD", "ADE")}),
    ("Valorable formación profesional en el sector de la hostelería.",
     {("DEGREE", "formación profesional"), ("FIELD", "hostelería")}),
    ("Se valora FP de la rama del metal.", {("DEGREE", "FP"), ("FIELD", "metal")}),
    # es30: "el campo de la" is a frame too
    ("Disponer de un ciclo formativo de grado superior relacionado con el campo de la educación.",
     {("DEGREE", "ciclo formativo de grado superior"), ("FIELD", "educación")}),
    # es30: the pest-control certificate's name holds "para"
    ("Certificado de profesionalidad de Servicios para el Control de Plagas.",
     {("DEGREE", "Certificado de profesionalidad"), ("FIELD", "Servicios para el Control de Plagas")}),
    # es31: the FP title "Técnico de atención a personas en situación de dependencia" (not a job "técnico de X"); the
    # SSCS0208 certificate's name keeps "y/o en instituciones sociales"
    ("REQUISITOS: - Técnico de atención a personas en situación de dependencia. - Carnet B.",
     {("DEGREE", "Técnico"), ("FIELD", "atención a personas en situación de dependencia")}),
    ("Buscamos técnico de mantenimiento con experiencia.", set()),
    ("Certificado de profesionalidad de atención sociosanitaria a personas dependientes en el domicilio y/o en "
     "instituciones sociales.",
     {("DEGREE", "Certificado de profesionalidad"),
      ("FIELD", "atención sociosanitaria a personas dependientes en el domicilio y/o en instituciones sociales")}),
    ("FP superior de Administración y Finanzas y/o similar.",
     {("DEGREE", "FP superior"), ("FIELD", "Administración y Finanzas")}),
])
def test_spanish_degree_and_field_since_stop_37(text, expected):
    assert {(label, t) for label, t in spans(text, "es") if label in ("DEGREE", "FIELD")} == expected


@pytest.mark.parametrize("text, expected", [
    # es26: the class in quotes right after the licence; the Galician language certificate by its name
    ('Se pide carnet de conducir "C" en vigor.', {"carnet de conducir", "C"}),
    ("Requisito: CELGA 4 o equivalente.", {"CELGA"}),
    # es27: plural licence nouns; the driving instructor's title, not the job; a duty list ends at "Solicitamos:"
    ("Imprescindible carnets C y C+E.", {"carnets C y C+E"}),
    ("Requisito: título de formador vial.", {"formador vial"}),
    ("Se busca formador vial.", set()),
    ("Funciones: reparto de mercancía por la ciudad. Solicitamos: carnet de conducir B.", {"carnet de conducir B"}),
])
def test_spanish_licence_forms_since_stop_37(text, expected):
    assert {t for label, t in spans(text, "es") if label == "CERTIFICATION"} == expected


@pytest.mark.parametrize("text, expected", [
    # es27: a cuisine is no language; the language itself still is
    ("Restaurante indio - nepalí busca ayudante. Imprescindible experiencia en cocina nepalí.", set()),
    ("Imprescindible hablar nepalí.", {("LANGUAGE", "nepalí")}),
])
def test_spanish_language_since_stop_37(text, expected):
    assert {(label, t) for label, t in spans(text, "es") if label == "LANGUAGE"} == expected


@pytest.mark.parametrize("text, expected", [
    # es29: "+" written before the number is a bound word inside the span, as "[10+ years]" is
    ("Buscamos técnico de nóminas con +4AÑOS de experiencia.", {"+4AÑOS"}),
    ("Se pide + 2 años de experiencia en almacén.", {"+ 2 años"}),
    ("Experiencia de 3+ años en reparto.", {"3+ años"}),
    # a plus between letters stays a licence class, never a bound
    ("Carnet C+E y 2 años de experiencia.", {"2 años"}),
])
def test_spanish_experience_bounds_since_stop_38(text, expected):
    assert {t for label, t in spans(text, "es") if label == "EXPERIENCE"} == expected


@pytest.mark.parametrize("text, expected", [
    # the second stop-38 dev values batch: the FP and its grade are one degree; the nursing auxiliary, a degree
    # to the values table, is not looked for by the rules (a job title as often)
    ("Se requieren estudios de F.P en grado superior.", {("DEGREE", "F.P en grado superior")}),
    ("Se necesita auxiliar de enfermería para residencia.", set()),
    # the third dev batch: compulsory basic education, named so, is the lower-secondary degree
    ("Requisitos: - Educación básica - Carnet de conducir B.", {("DEGREE", "Educación básica")}),
])
def test_spanish_degrees_since_the_stop_38_values_batch(text, expected):
    assert {(label, t) for label, t in spans(text, "es") if label == "DEGREE"} == expected



@pytest.mark.parametrize("text, expected", [
    # stop 41, the pipeline's dev misses: "titulación" or "formación" with a discipline adjective and no degree
    # named is the degree, the adjective its field (es9, es12, es31)
    ("Se busca cuidador. IMPRESCINDIBLE TITULACIÓN SOCIOSANITARIA.",
     {("DEGREE", "TITULACIÓN"), ("FIELD", "SOCIOSANITARIA")}),
    ("Valorable formación socio-sanitaria y carnet B.", {("DEGREE", "formación"), ("FIELD", "socio-sanitaria")}),
    ("Se valorará cualquier titulación educativa.", {("DEGREE", "titulación"), ("FIELD", "educativa")}),
    # the controls: "formación técnica" (read four ways by the gold) and a bare "titulación" stay untagged
    ("Se valorará formación técnica.", set()),
    ("Requisitos: titulación y experiencia acreditada.", set()),
])
def test_spanish_generic_degree_with_a_discipline_adjective_since_stop_41(text, expected):
    assert {(label, t) for label, t in spans(text, "es") if label in ("DEGREE", "FIELD")} == expected


@pytest.mark.parametrize("text, label, expected", [
    # stop 41, the pipeline's dev misses: a licence's class after a form's colon or a comma is part of it
    ("Requisitos: - Permiso de conducir: Tipo B. - Vehículo propio.", "CERTIFICATION", {"Permiso de conducir: Tipo B"}),
    ("Es necesario tener permiso de circulación, tipo C.", "CERTIFICATION", {"permiso de circulación, tipo C"}),
    ("Permiso de conducir: No.", "CERTIFICATION", set()),
    # two bound words before one amount, both inside the span
    ("Se pide experiencia mínima de al menos 3 años en almacén.", "EXPERIENCE", {"mínima de al menos 3 años"}),
    ("Se pide experiencia de al menos 3 años en almacén.", "EXPERIENCE", {"al menos 3 años"}),
])
def test_spanish_licence_classes_and_bound_words_since_stop_41(text, label, expected):
    assert {t for lab, t in spans(text, "es") if lab == label} == expected


@pytest.mark.parametrize("text, expected", [
    # stop 41, the pipeline's dev misses: a branch named by an adjective keeps "rama" in the field, right after a
    # degree or after "formación/experiencia en"; a branch named by a noun does not
    ("Se requiere CFGS RAMA ADMINISTRATIVA.", {("DEGREE", "CFGS"), ("FIELD", "RAMA ADMINISTRATIVA")}),
    ("Ingeniero Técnico rama Mecánica o Grado en Física rama teórica.",
     {("DEGREE", "Ingeniero Técnico"), ("FIELD", "rama Mecánica"), ("DEGREE", "Grado"), ("FIELD", "Física"),
      ("FIELD", "rama teórica")}),
    ("Valorable experiencia en la rama sanitaria.", {("FIELD", "rama sanitaria")}),
    ("Se pide F.P. rama Comercio y Marketing.", {("DEGREE", "F.P."), ("FIELD", "Comercio y Marketing")}),
    ("Se pide F.P. rama sector químico.", {("DEGREE", "F.P."), ("FIELD", "sector químico")}),
])
def test_spanish_branch_adjectives_since_stop_41(text, expected):
    assert {(label, t) for label, t in spans(text, "es") if label in ("DEGREE", "FIELD")} == expected


@pytest.mark.parametrize("text, field", [
    # stop 41: the sociosanitary certificate's name keeps "o/y/o/ '/' (en) instituciones" whether or not "sociales"
    # follows (es31 kept it for "y/o en instituciones sociales")
    ("Certificado de profesionalidad de atención sociosanitaria en domicilio o en instituciones.",
     "atención sociosanitaria en domicilio o en instituciones"),
    ("Certificado de profesionalidad de atención sociosanitaria en el domicilio/Instituciones Sociales.",
     "atención sociosanitaria en el domicilio/Instituciones Sociales"),
])
def test_spanish_sociosanitary_certificate_names_since_stop_41(text, field):
    assert {t for label, t in spans(text, "es") if label == "FIELD"} == {field}


@pytest.mark.parametrize("text, label, expected", [
    # es32's blind read: the driver's CAP named "del conductor"; a doctorate listed after "Titulación"; a degree a
    # master's is added to ("Grado + Máster")
    ("Se pide carnet C y CAP del conductor en vigor.", "CERTIFICATION", {"carnet C", "CAP del conductor"}),
    ("Requisitos: Titulación Doctor o Licenciatura en Historia.", "DEGREE", {"Doctor", "Licenciatura"}),
    ("Requisitos: Grado + Máster del Profesorado.", "DEGREE", {"Grado", "Máster"}),
    # the control: a doctor sought for a job is no degree
    ("Se busca doctor para consulta privada.", "DEGREE", set()),
])
def test_spanish_forms_from_the_es32_read_since_stop_41(text, label, expected):
    assert {t for lab, t in spans(text, "es") if lab == label} == expected


@pytest.mark.parametrize("text, expected", [
    # stop 41: an architect or engineer listed after another degree title is a degree too ("Licenciado, Ingeniero o
    # Arquitecto", "INGENIERO INDUSTRIAL O ARQUITECTO"); alone it is the job
    ("Requisitos: título de Licenciado, Ingeniero o Arquitecto.", {"Licenciado", "Ingeniero", "Arquitecto"}),
    ("Requisitos: Ingeniería Superior, Arquitecto o Ingeniería Técnica.",
     {"Ingeniería Superior", "Arquitecto", "Ingeniería Técnica"}),
    ("Estudio de diseño busca arquitecto con experiencia.", set()),
])
def test_spanish_titles_listed_after_a_degree_since_stop_41(text, expected):
    assert {t for label, t in spans(text, "es") if label == "DEGREE"} == expected


@pytest.mark.parametrize("text, expected", [
    # stop 41: the habilitation named as a certificate, and a licence "vigente en manejo de" a machine, are one span
    ("Se pide Certificado de Habilitación de la consejería para trabajar.", {"Certificado de Habilitación"}),
    ("Requisitos: - Carné vigente en manejo de carretilla elevadora.",
     {"Carné vigente en manejo de carretilla elevadora"}),
])
def test_spanish_certificate_forms_since_stop_41(text, expected):
    assert {t for label, t in spans(text, "es") if label == "CERTIFICATION"} == expected


@pytest.mark.parametrize("text, lang", [
    # stop 41: more than 15 years of experience is an organisation's history, not a requirement (seven such false
    # spans in Spanish train and dev); 15 years or less is still read
    ("Centro de ocio con más de 20 años de experiencia en el sector busca monitor.", "es"),
    ("Con más de 35 años de experiencia, la clínica busca higienista.", "es"),
    ("Forte de plus de 30 ans d'expérience, notre société recrute.", "fr"),
])
def test_organisation_history_is_no_experience_since_stop_41(text, lang):
    assert not {t for label, t in spans(text, lang) if label == "EXPERIENCE"}


def test_fifteen_years_is_still_experience_since_stop_41():
    assert {t for label, t in spans("Se requiere experiencia mínima de 15 años.", "es") if label == "EXPERIENCE"} \
        == {"mínima de 15 años"}


@pytest.mark.parametrize("text, label, expected", [
    # stop 42, the ca33 Catalan read: Catalan "cap de" is "head of", the licence only with its kind ("CAP de
    # mercaderies") or "professional"
    ("Reportaràs al cap de producció de la planta.", "CERTIFICATION", set()),
    ("Requisits: carnet C i CAP de mercaderies.", "CERTIFICATION", {"carnet C", "CAP de mercaderies"}),
    ("Requisits: carnet C vigent i CAP professional en regla.", "CERTIFICATION", {"carnet C", "CAP professional"}),
    ("Se pide carnet C y CAP de mercancías en vigor.", "CERTIFICATION", {"carnet C", "CAP de mercancías"}),
    # a bound word in Catalan ("mínim", "almenys") stays inside the amount
    ("Experiència prèvia com a cuiner (mínim 2 anys).", "EXPERIENCE", {"mínim 2 anys"}),
    ("Cal tenir almenys 3 anys d'experiència.", "EXPERIENCE", {"almenys 3 anys"}),
    # Catalan degree forms: "formació sociosanitària", "Magisteri d'Educació Especial"
    ("Requisits: formació sociosanitària i ganes de treballar.", "DEGREE", {"formació"}),
    ("Titulació: Magisteri d'Educació Especial.", "DEGREE", {"Magisteri"}),
    ("Titulació: Magisteri d'Educació Especial.", "FIELD", {"Educació Especial"}),
    # the stages an academy tutors are no degree asked ("reforç d'ESO, batxillerat")
    ("Busquem docents per fer reforç d'ESO, batxillerat i selectivitat.", "DEGREE", set()),
    # a field ends before the weekly hours ("grau en fisioteràpia a 30h/setmanals")
    ("Busquem persona amb grau en fisioteràpia a 30h/setmanals.", "FIELD", {"fisioteràpia"}),
])
def test_catalan_forms_from_the_ca33_read_since_stop_42(text, label, expected):
    assert {t for lab, t in spans(text, "es") if lab == label} == expected


@pytest.mark.parametrize("text, expected", [
    # stop 42: a plural cue counts ("CATALÀ, CASTELLÀ I ANGLÈS IMPRESCINDIBLES")
    ("Atenció telefònica. Català, castellà i anglès imprescindibles.", {"Català", "castellà", "anglès"}),
    # the language a teacher teaches, or a course is in, is not asked of the candidate, nor the rest of its list
    ("Busquem professors/es d'anglès. Imprescindible experiència.", set()),
    ("Per impartir formacions de castellà i català. Requisits: titulació.", set()),
    # a place named after a river ("San Mateo de Gállego") is no language
    ("Puesto en San Mateo de Gállego. Imprescindibles: carnet B.", set()),
    # the control: a language named after "nivel de" is still read
    ("Imprescindible nivel de gallego alto.", {"gallego"}),
])
def test_catalan_language_cues_since_stop_42(text, expected):
    assert {t for label, t in spans(text, "es") if label == "LANGUAGE"} == expected


@pytest.mark.parametrize("text, label, expected", [
    # stop 42, the ca34 Catalan read: "grau d'X", "diplomat en X", a degree after "diplomatura o"
    ("Requisits: grau d'educació social o pedagogia.", "DEGREE", {"grau"}),
    ("Requisits: grau d'educació social o pedagogia.", "FIELD", {"educació social", "pedagogia"}),
    ("Requisits: grau o diplomat en logopèdia.", "DEGREE", {"grau", "diplomat"}),
    ("Infermer amb titulació oficial (diplomatura o grau).", "DEGREE", {"diplomatura", "grau"}),
    # the registration with its college
    ("Cal estar col·legiat en un col·legi de logopedes.", "CERTIFICATION", {"col·legiat en un col·legi de logopedes"}),
    # Catalan "cap" as "any" before a noun is no licence
    ("REQUISITS: - NO PERCEPTORA DE CAP PRESTACIÓ CONTRIBUTIVA.", "CERTIFICATION", set()),
    # the school year a classroom assistant works in ("3r d'ESO") is no degree asked
    ("Docent assistent a les aules de 1r, 2n i 3r d'ESO.", "DEGREE", set()),
    # an article right after a bare degree starts no field
    ("Nivell formatiu: CFGS les persones interessades truquin.", "FIELD", set()),
])
def test_catalan_forms_from_the_ca34_read_since_stop_42(text, label, expected):
    assert {t for lab, t in spans(text, "es") if lab == label} == expected


@pytest.mark.parametrize("text, label, expected", [
    # stop 42, the ca35 Catalan read: Catalan names of the driver's CAP and of the professional college
    ("Carnet de conduir C+E en vigor. Certificat d'aptitud professional en vigor.", "CERTIFICATION",
     {"Carnet de conduir C+E", "Certificat d'aptitud professional"}),
    ("Grau en infermeria amb col·legiació activa.", "CERTIFICATION", {"col·legiació"}),
    # Catalan "cap" as "no" before a noun ("cap dolència rellevant") is no licence
    ("ES DEMANA BONA FORMA FÍSICA (CAP DOLÈNCIA RELLEVANT).", "CERTIFICATION", set()),
    # "formació administrativa", "formación contable": the generic noun with a discipline adjective (es30)
    ("Condicions requerides: formació administrativa.", "DEGREE", {"formació"}),
    ("Se busca administrativo con formación contable.", "FIELD", {"contable"}),
    # "cicle formatiu en grau superior" is one degree name
    ("Requisits: cicle formatiu en grau superior administratiu.", "DEGREE", {"cicle formatiu en grau superior"}),
    # the stages a tutor or a teacher teaches ("reforç escolar nivell d'ESO", "professor de català a batxillerat")
    ("Professor/a de reforç escolar nivell d'ESO i batxillerat.", "DEGREE", set()),
    ("Busquem professor/a de català a batxillerat.", "DEGREE", set()),
    # the job line after a Catalan hiring verb ("busquem un/a tècnic/a en RRHH"), as after "busca" in Spanish
    ("Empresa del sector. Busquem un/a tècnic/a en RRHH per una vacant.", "DEGREE", set()),
])
def test_catalan_forms_from_the_ca35_read_since_stop_42(text, label, expected):
    assert {t for lab, t in spans(text, "es") if lab == label} == expected


@pytest.mark.parametrize("text, expected", [
    # stop 42: the language classes are taught in is asked ("les classes s'impartiran en anglès"); a list after
    # "llengües" is read whole
    ("Docent universitari. Les classes s'impartiran en anglès.", {"anglès"}),
    ("Las clases se impartirán en inglés.", {"inglés"}),
    ("Nivell C1 en alguna d'aquestes llengües: anglès, francès, alemany, xinès, rus o àrab.",
     {"anglès", "francès", "alemany", "xinès", "rus", "àrab"}),
])
def test_catalan_language_of_teaching_since_stop_42(text, expected):
    assert {t for label, t in spans(text, "es") if label == "LANGUAGE"} == expected


@pytest.mark.parametrize("text, label, expected", [
    # stop 42, the ca36 Catalan read: the sport professionals' register (ROPEC) with its category; the Catalan
    # "habilitació corresponent"
    ("Imprescindible estar inscrit al ROPEC com a socorrista aquàtic. Horari de matí.", "CERTIFICATION",
     {"inscrit al ROPEC com a socorrista aquàtic"}),
    ("Màster en psicologia sanitària o l'habilitació corresponent.", "CERTIFICATION", {"habilitació"}),
    # a person title right after "titulació" (no "de", no colon)
    ("Requisits: - Titulació integrador/a social - Experiència amb joves.", "DEGREE", {"integrador/a social"}),
    # the access exam an academy prepares for, and the level a teacher teaches, are no degree asked
    ("Preparació d'alumnes per preparar la prova d'accés als cicles formatius de grau superior.", "DEGREE", set()),
    ("Professor/a per cicles formatius de grau mitjà d'informàtica.", "DEGREE", set()),
    # "o actualment matriculat" ends a field list
    ("Grau en industrials amb màster d'educació o actualment matriculat.", "FIELD", {"industrials", "educació"}),
    # the Catalan FP family after "formació en"
    ("Valorable formació en gestió administrativa.", "FIELD", {"gestió administrativa"}),
])
def test_catalan_forms_from_the_ca36_read_since_stop_42(text, label, expected):
    assert {t for lab, t in spans(text, "es") if lab == label} == expected


def test_recent_graduates_are_no_degree_asked_since_stop_42():
    # ca35: "(RECIEN DIPLOMATS)", who the job suits (ca34 "ideal per a recent titulats"), is no second degree
    text = "Experiència mínima 1 any. Diplomatura RRLL (recien diplomats). Domini bàsic d'A3NOM."
    assert [t for label, t in spans(text, "es") if label == "DEGREE"] == ["Diplomatura"]


@pytest.mark.parametrize("text, label, expected", [
    # stop 43, the ca37 Catalan read: an hour count ends a field list ("EDUCACIÓ SOCIAL 20H/SETMANALS ...")
    ("Persona amb el grau o diplomatura en educació social 20h/setmanals en torn de tarda, de dilluns a divendres.",
     "FIELD", {"educació social"}),
    # "i/o la [restauració]": the hospitality discipline after "formació en l'àmbit de"
    ("Valorable formació en l'àmbit de l'hostaleria i/o la restauració. Funcions: cuinar.", "FIELD",
     {"hostaleria", "restauració"}),
    # the Catalan "branca" as the Spanish "rama"; "o acreditar experiència" ends the list
    ("Titulació en FP 2 branca administrativa, o acreditar experiència administrativa.", "FIELD",
     {"branca administrativa"}),
    # the generic Catalan noun before the degree it names is not a degree of its own
    ("Professional amb formació universitària en diplomatura en ciències empresarials.", "DEGREE", {"diplomatura"}),
    # the public training programme for jobseekers is no level of schooling
    ("Per incorporar-se com a tècnic/a de formació professional per a l'ocupació al nostre centre.", "DEGREE", set()),
    ("Técnico de formación profesional para el empleo en nuestra academia.", "DEGREE", set()),
    # the pupils' stages are no degree asked
    ("Els tallers es realitzen amb alumnat des de P4 fins a l'ESO, per la qual cosa necessitem monitors.", "DEGREE",
     set()),
    ("Prioritàriament per a joves de tercer i quart d'ESO, seleccionats pels centres.", "DEGREE", set()),
    # the language a training is given in is no language asked
    ("Impartició de formació d'anglès fins a nivell C1.", "LANGUAGE", set()),
])
def test_catalan_forms_from_the_ca37_read_since_stop_43(text, label, expected):
    assert {t for lab, t in spans(text, "es") if lab == label} == expected


@pytest.mark.parametrize("text, label, expected", [
    # stop 43, the es38 Spanish read: the generic noun with a field adjective ("[Titulaciones] [forestales]")
    ("Valorable: Titulaciones forestales. Certificados de profesionalidad relacionados.", "FIELD", {"forestales"}),
    # the area after the degree; "Valorables" ends the field list
    ("Requisitos: - CFGM o CFGS área de RESTAURACIÓN Valorables: - Certificado de manipulador.", "FIELD",
     {"RESTAURACIÓN"}),
    ("Licenciado, Ingeniero o Arquitecto del área de Ciencias Experimentales y de la Salud.", "FIELD",
     {"Ciencias Experimentales y de la Salud"}),
    # a town named after a river is no language ("Villamayor de Gállego")
    ("Cocinero/a. - Puesto en el municipio de Villamayor de Gállego. - Incorporación inmediata. REQUISITOS: "
     "Imprescindibles: - Al menos 12 meses.", "LANGUAGE", set()),
    # the ministry's name holds no degree asked
    ("Grado en Enfermería o titulación extranjera homologada por el Ministerio de Educación y Formación "
     "Profesional. FUNCIONES: cuidar.", "DEGREE", {"Grado"}),
    # the forklift diploma is a licence
    ("Seleccionamos carretilleros/as con diploma de carretilla en vigor para carga y descarga.", "CERTIFICATION",
     {"diploma de carretilla"}),
])
def test_spanish_forms_from_the_es38_read_since_stop_43(text, label, expected):
    assert {t for lab, t in spans(text, "es") if lab == label} == expected


@pytest.mark.parametrize("text, label, expected", [
    # stop 43, the ca38 Catalan read: the credits of a course the job teaches, and the stages a subject is taught at
    ("Cerquem docents per a impartir alguns dels crèdits del cicle formatiu de grau mitjà de cures auxiliars "
     "d'infermeria.", "DEGREE", set()),
    ("Necessitem professor/a per impartir classes de química a l'ESO i batxillerat.", "DEGREE", set()),
    # Catalan "i" after a bare acronym starts no field
    ("Requisits: ESO i Batxillerat.", "FIELD", set()),
    # Catalan "lleure" after "formació en"
    ("Es requereix formació en lleure o similar, es valorarà residència a prop.", "FIELD", {"lleure"}),
    # "rel.lacionat" (l·l written l.l) is no field
    ("Persona aprenent que hagi acabat FP de soldadura o rel.lacionat amb el sector.", "FIELD", {"soldadura"}),
    # the school canteen monitor's title
    ("Cerquem vetlladors amb titulació de monitor de menjador per un centre educatiu.", "CERTIFICATION",
     {"monitor de menjador"}),
])
def test_catalan_forms_from_the_ca38_read_since_stop_43(text, label, expected):
    assert {t for lab, t in spans(text, "es") if lab == label} == expected


@pytest.mark.parametrize("text, label, expected", [
    # stop 43, the ca39 Catalan read: the subjects a teacher teaches at a stage
    ("Necessitem professor/a per impartir assignatures de ciències a l'ESO i batxillerat.", "DEGREE", set()),
    # Catalan "de les" before a field
    ("Requisits: grau universitari en l'àmbit informàtic, de les telecomunicacions o equivalent.", "FIELD",
     {"àmbit informàtic", "telecomunicacions"}),
    # the Catalan truck licence
    ("Estem buscant un operari amb carnet de camió. Aquesta persona farà rutes.", "CERTIFICATION",
     {"carnet de camió"}),
    # Catalan "cap" as "any", in capitals with a lowercase accented letter as the postings store them
    ("TASQUES SENZILLES SENSE EXIGèNCIA DE CAP PRàCTICA OPERATòRIA.", "CERTIFICATION", set()),
    ("Imprescindible CAP y carnet C.", "CERTIFICATION", {"CAP", "carnet C"}),
])
def test_catalan_forms_from_the_ca39_read_since_stop_43(text, label, expected):
    assert {t for lab, t in spans(text, "es") if lab == label} == expected


def test_a_title_in_both_genders_is_one_degree_since_stop_43():
    # Spanish dev: "cualquier título oficial de [Graduado o Graduada]" (one title; "oficial" between the lead and it)
    text = "Cualquier título oficial de Graduado o Graduada o equivalente de la rama de Ingeniería y Arquitectura."
    assert [t for label, t in spans(text, "es") if label == "DEGREE"] == ["Graduado o Graduada"]
