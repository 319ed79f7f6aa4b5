from medinfo.entry import run

run()
