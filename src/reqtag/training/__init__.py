"""Training and export. Needs the ``train`` extra (torch, transformers).

    from reqtag.training import TrainConfig, train, export
"""
from .config import TrainConfig
from .export import export
from .loop import train

__all__ = ["TrainConfig", "export", "train"]
