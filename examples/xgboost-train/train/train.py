"""Trains a small logistic-regression classifier on the preprocessed train split.

Standard library only, so the example runs on any python3. On the SageMaker XGBoost image the
same step would call xgboost.train; the inputs, outputs and hyperparameters stay the same.
"""
import csv
import json
import math
import os

DATA = "/opt/ml/input/data/train"
CONFIG = "/opt/ml/input/data/config/hyperparameters.json"
MODEL = "/opt/ml/model"


def load(path, features, label):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    x = [[float(row[name]) for name in features] for row in rows]
    y = [float(row[label]) for row in rows]
    return x, y


def main():
    with open(CONFIG) as f:
        hp = json.load(f)
    features, label = hp["tab_field_list"], hp["label_name"]
    x, y = load(os.path.join(DATA, "train", "train.csv"), features, label)
    if not x:
        raise SystemExit("the train split is empty")
    # Scale each feature to [0, 1] so one learning rate suits all.
    lows = [min(col) for col in zip(*x)]
    spans = [(max(col) - low) or 1.0 for col, low in zip(zip(*x), lows)]
    xs = [[(v - low) / span for v, low, span in zip(row, lows, spans)] for row in x]
    weights, bias = [0.0] * len(features), 0.0
    eta = float(hp.get("eta", 0.1)) * 10
    for _ in range(int(hp.get("num_round", 100)) * 10):
        grad_w, grad_b = [0.0] * len(features), 0.0
        for row, target in zip(xs, y):
            p = 1 / (1 + math.exp(-(bias + sum(w * v for w, v in zip(weights, row)))))
            grad_b += p - target
            grad_w = [g + (p - target) * v for g, v in zip(grad_w, row)]
        weights = [w - eta * g / len(xs) for w, g in zip(weights, grad_w)]
        bias -= eta * grad_b / len(xs)
    correct = sum(
        (1 / (1 + math.exp(-(bias + sum(w * v for w, v in zip(weights, row))))) >= 0.5) == (target == 1)
        for row, target in zip(xs, y)
    )
    model = {"features": features, "low": lows, "span": spans, "weights": weights, "bias": bias}
    with open(os.path.join(MODEL, "model.json"), "w") as f:
        json.dump(model, f, indent=2)
    with open(os.path.join(MODEL, "hyperparameters.json"), "w") as f:
        json.dump(hp, f)
    print(f"trained on {len(xs)} rows: training accuracy {correct / len(xs):.2f}")


if __name__ == "__main__":
    main()
