"""Splits the loaded CSV files into train/val/test folders (run by the TabularPreprocessing step).

Standard library only, so it runs on any python3 (the processing image, or this machine).
"""
import argparse
import csv
import glob
import os
import random

IN = "/opt/ml/processing/input/data"
OUT = "/opt/ml/processing/output"


def read_rows():
    header, rows = None, []
    for path in sorted(glob.glob(f"{IN}/**/*.csv", recursive=True)):
        with open(path, newline="") as f:
            reader = csv.reader(f)
            file_header = next(reader, None)
            if file_header is None:
                continue
            if header is not None and file_header != header:
                raise SystemExit(f"{path}: columns {file_header} differ from {header}")
            header = file_header
            rows.extend(reader)
    if header is None:
        raise SystemExit(f"no CSV files under {IN}")
    return header, rows


def write(path, header, rows):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--job_type", required=True)
    args = parser.parse_args()
    header, rows = read_rows()
    label = os.environ["LABEL_FIELD"]
    if label not in header:
        raise SystemExit(f"label column {label!r} is not among {header}")
    at = header.index(label)
    rows = [row for row in rows if len(row) == len(header) and row[at] != ""]
    if args.job_type != "training":
        write(f"{OUT}/{args.job_type}/data.csv", header, rows)
        return
    random.Random(0).shuffle(rows)
    n_train = round(len(rows) * float(os.environ.get("TRAIN_RATIO", "0.7")))
    rest = rows[n_train:]
    n_test = round(len(rest) * float(os.environ.get("TEST_VAL_RATIO", "0.5")))
    for name, part in (("train", rows[:n_train]), ("test", rest[:n_test]), ("val", rest[n_test:])):
        write(f"{OUT}/{name}/{name}.csv", header, part)
    print(f"{len(rows)} rows: {n_train} train, {n_test} test, {len(rest) - n_test} val")


if __name__ == "__main__":
    main()
