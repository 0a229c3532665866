"""Splits the loaded CSV files into train/val/test folders (run by the TabularPreprocessing step)."""
import argparse
import glob
import os

import pandas as pd

IN = "/opt/ml/processing/input/data"
OUT = "/opt/ml/processing/output"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--job_type", required=True)
    args = parser.parse_args()
    frames = [pd.read_csv(f) for f in sorted(glob.glob(f"{IN}/**/*.csv", recursive=True))]
    df = pd.concat(frames, ignore_index=True).dropna(subset=[os.environ["LABEL_FIELD"]])
    if args.job_type != "training":
        df.to_csv(f"{OUT}/{args.job_type}/data.csv", index=False)
        return
    train = df.sample(frac=float(os.environ.get("TRAIN_RATIO", "0.7")), random_state=0)
    rest = df.drop(train.index)
    test = rest.sample(frac=float(os.environ.get("TEST_VAL_RATIO", "0.5")), random_state=0)
    for name, part in (("train", train), ("test", test), ("val", rest.drop(test.index))):
        os.makedirs(f"{OUT}/{name}", exist_ok=True)
        part.to_csv(f"{OUT}/{name}/{name}.csv", index=False)


if __name__ == "__main__":
    main()
