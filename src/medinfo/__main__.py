from medinfo.cli import main

main()
