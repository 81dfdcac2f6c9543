"""From a catalog and a learner's goals to an ordered plan: the planner, the plan model and
the study schedule. Knows nothing of progress files."""
