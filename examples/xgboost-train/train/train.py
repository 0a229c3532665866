"""Trains an XGBoost classifier on the preprocessed splits (script mode on the XGBoost image)."""
import json
import os

import pandas as pd
import xgboost as xgb

DATA = "/opt/ml/input/data/train"
CONFIG = "/opt/ml/input/data/config/hyperparameters.json"
MODEL = "/opt/ml/model"


def main():
    with open(CONFIG) as f:
        hp = json.load(f)
    train = pd.read_csv(os.path.join(DATA, "train", "train.csv"))
    label = hp["label_name"]
    features = hp["tab_field_list"]
    dtrain = xgb.DMatrix(train[features], label=train[label])
    booster = xgb.train({"objective": "binary:logistic", "eta": hp.get("eta", 0.1), "max_depth": hp.get("max_depth", 6)}, dtrain, hp.get("num_round", 100))
    booster.save_model(os.path.join(MODEL, "xgboost_model.bst"))
    with open(os.path.join(MODEL, "hyperparameters.json"), "w") as f:
        json.dump(hp, f)


if __name__ == "__main__":
    main()
