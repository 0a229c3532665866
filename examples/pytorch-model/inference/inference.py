"""Inference handlers for the PyTorch example (SageMaker PyTorch serving contract)."""
import json
import os

import torch


def model_fn(model_dir):
    model = torch.jit.load(os.path.join(model_dir, "model.pth"), map_location="cpu")
    model.eval()
    return model


def input_fn(body, content_type):
    if content_type == "application/json":
        return torch.tensor([list(json.loads(body).values())], dtype=torch.float32)
    if content_type == "text/csv":
        return torch.tensor([[float(v) for v in body.decode().strip().split(",")]], dtype=torch.float32)
    raise ValueError(f"unsupported content type {content_type}")


def predict_fn(data, model):
    with torch.no_grad():
        return model(data)


def output_fn(prediction, accept):
    return json.dumps({"legacy-score": float(prediction.reshape(-1)[0])})
