"""Training and export. Needs the ``train`` extra (torch, transformers).

    from reqtag.training import TrainConfig, train, export
"""
from reqtag.training.config import TrainConfig
from reqtag.training.export import export
from reqtag.training.loop import train

__all__ = ["TrainConfig", "export", "train"]
