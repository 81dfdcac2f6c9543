"""The learner's progress: ``records`` (what the progress file holds), ``store`` (the file,
its lock and atomic writes), ``standing`` (where the learner stands on a plan) and
``workflow`` (the steps behind start, done, note: load, change, save)."""
