"""Public practices a framework question may cite in its `references` field.

Descriptions are Palier's own one-line summaries, for traceability only.
"""

from __future__ import annotations

ML_TEST_SCORE: dict[str, str] = {
    "mlts:data-1": "Feature expectations are captured in a schema",
    "mlts:data-2": "All features are beneficial",
    "mlts:data-3": "No feature's cost is too much",
    "mlts:data-4": "Features adhere to meta-level requirements",
    "mlts:data-5": "The data pipeline has appropriate privacy controls",
    "mlts:data-6": "New features can be added quickly",
    "mlts:data-7": "All input feature code is tested",
    "mlts:model-1": "Model specs are reviewed and checked in",
    "mlts:model-2": "Offline and online metrics correlate",
    "mlts:model-3": "All hyperparameters have been tuned",
    "mlts:model-4": "The impact of model staleness is known",
    "mlts:model-5": "A simpler model is not better",
    "mlts:model-6": "Model quality is sufficient on important data slices",
    "mlts:model-7": "The model is tested for considerations of inclusion",
    "mlts:infra-1": "Training is reproducible",
    "mlts:infra-2": "Model specs are unit tested",
    "mlts:infra-3": "The ML pipeline is integration tested",
    "mlts:infra-4": "Model quality is validated before serving",
    "mlts:infra-5": "The model is debuggable on a single example",
    "mlts:infra-6": "Models are canaried before serving",
    "mlts:infra-7": "Serving models can be rolled back",
    "mlts:monitor-1": "Dependency changes result in notification",
    "mlts:monitor-2": "Data invariants hold for inputs",
    "mlts:monitor-3": "Training and serving are not skewed",
    "mlts:monitor-4": "Models are not too stale",
    "mlts:monitor-5": "Models are numerically stable",
    "mlts:monitor-6": "Computing performance has not regressed",
    "mlts:monitor-7": "Prediction quality has not regressed",
}

DORA: dict[str, str] = {
    "dora:deployment-frequency": "Deployment frequency",
    "dora:lead-time": "Lead time for changes",
    "dora:change-failure-rate": "Change failure rate",
    "dora:time-to-restore": "Time to restore service",
}

GOOGLE_MLOPS: dict[str, str] = {
    "gmlops:level-0": "MLOps level 0: manual process",
    "gmlops:level-1": "MLOps level 1: ML pipeline automation",
    "gmlops:level-2": "MLOps level 2: CI/CD pipeline automation",
    "gmlops:experimental-operational-symmetry": "Same pipeline in experimentation and production",
    "gmlops:modular-code": "Modularised code for components and pipelines",
    "gmlops:continuous-training": "Continuous training of the model in production",
    "gmlops:continuous-delivery-of-models": "Continuous delivery of models",
    "gmlops:data-validation": "Automated data validation",
    "gmlops:model-validation": "Automated model validation",
    "gmlops:feature-store": "Feature store",
    "gmlops:metadata-management": "ML metadata management",
    "gmlops:pipeline-triggers": "Pipeline triggers",
}

REFERENCES: dict[str, str] = {**ML_TEST_SCORE, **DORA, **GOOGLE_MLOPS}
