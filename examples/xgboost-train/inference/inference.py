"""Inference handlers for the four-step example model (SageMaker PyTorch serving contract)."""
import json
import os


def model_fn(model_dir):
    with open(os.path.join(model_dir, "hyperparameters.json")) as f:
        return {"hyperparameters": json.load(f)}


def input_fn(body, content_type):
    if content_type == "application/json":
        return json.loads(body)
    if content_type == "text/csv":
        return [float(v) for v in body.decode().strip().split(",")]
    raise ValueError(f"unsupported content type {content_type}")


def predict_fn(data, model):
    values = data if isinstance(data, list) else list(data.values())
    numbers = [v for v in values if isinstance(v, (int, float))]
    return {"legacy-score": sum(numbers) / max(len(numbers), 1)}


def output_fn(prediction, accept):
    return json.dumps(prediction)
