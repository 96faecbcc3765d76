"""Figure and widget machinery of the notebooks, one module per course module (``calcml.figures.m01`` …).

A notebook defines the functions a learner should look at and passes them to a helper here, e.g.
``explore_secant(g, g_prime)``; the helper builds the figure, its artists and controls and returns the
interactive (built with ``calcml.widgets.interact_figure``, looked up on the module so tests can record it).
"""
