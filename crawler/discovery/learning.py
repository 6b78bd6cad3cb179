"""Learning, during the crawl, how much each signal is worth on this web.

The weights of evidence.py are a prior: what each signal is worth on the webs we measured.
A web may differ (co-citation may say little where blogrolls are random, anchors much where
directories describe every site). Each admitted candidate, once crawled, is a labelled
example: its features when it was admitted, and whether the crawl found it linking to a
target. `Calibration` fits a logistic regression of the label on the features,

    P(links to a target) = sigmoid(b + sum over k of theta_k F_k)

by maximum a posteriori, with a Gaussian prior centred on the prior betas (so few examples
move them little) and theta >= 0 (evidence never counts against a candidate). Once it has
enough examples (MIN_EXAMPLES, with MIN_POSITIVES found linking), and every REFIT_EVERY new
ones, the candidates are reweighed with theta in place of beta: W = sum of theta_k F_k, and
score = 1 - exp(-W) as before. Nothing else changes: the order is still best first, the
components and their evidence are the same.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

MIN_EXAMPLES = 40
MIN_POSITIVES = 5
REFIT_EVERY = 20
#: The prior's strength: the inverse variance of theta around beta (per feature).
PRIOR_PRECISION = 4.0
NEWTON_STEPS = 25


class Calibration:
    def __init__(self, betas: Sequence[float]) -> None:
        self.prior = [float(b) for b in betas]
        self.examples: list[tuple[list[float], bool]] = []
        self._fitted_at = 0
        self.theta: list[float] | None = None

    def observe(self, features: Sequence[float], found: bool) -> list[float] | None:
        """One crawled candidate: its features at admission and whether it links to a target.
        Returns new betas when a refit is due, else None."""
        self.examples.append(([float(f) for f in features], found))
        n = len(self.examples)
        positives = sum(1 for _, y in self.examples if y)
        if n < MIN_EXAMPLES or positives < MIN_POSITIVES or n - self._fitted_at < REFIT_EVERY:
            return None
        self._fitted_at = n
        self.theta = fit(self.examples, self.prior)
        return self.theta


def fit(examples: list[tuple[list[float], bool]], prior: list[float]) -> list[float]:
    """MAP logistic regression (module docstring) by projected Newton steps."""
    import numpy as np

    x = np.array([f for f, _ in examples], dtype=float)
    y = np.array([1.0 if found else 0.0 for _, found in examples])
    k = x.shape[1]
    design = np.hstack([np.ones((len(x), 1)), x])
    mean = np.concatenate([[0.0], prior])
    precision = np.concatenate([[1e-6], np.full(k, PRIOR_PRECISION)])  # the intercept is free
    w = mean.copy()
    w[0] = math.log(max(y.mean(), 1e-3) / max(1 - y.mean(), 1e-3))
    for _ in range(NEWTON_STEPS):
        p = 1.0 / (1.0 + np.exp(-np.clip(design @ w, -30, 30)))
        grad = design.T @ (p - y) + precision * (w - mean)
        hess = (design * (p * (1 - p))[:, None]).T @ design + np.diag(precision)
        step = np.linalg.solve(hess, grad)
        w = w - step
        w[1:] = np.maximum(w[1:], 0.0)
        if np.abs(step).max() < 1e-6:
            break
    return [float(v) for v in w[1:]]
