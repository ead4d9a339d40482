from reqtag.cli import main

main()
