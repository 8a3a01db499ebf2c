#!/usr/bin/env python3
"""Generates the benchmark dataset: many small JSON and text files plus incompressible binaries.

Deterministic for a given seed, so runs are comparable. Usage:
  make_dataset.py DIR [--files N] [--megabytes M] [--seed S]
"""
import argparse
import json
import os
import random


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dir")
    parser.add_argument("--files", type=int, default=80_000)
    parser.add_argument("--megabytes", type=int, default=800)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    target_bytes = args.megabytes * 1024 * 1024

    # About 3% of the files are binaries of 50-400 KB (mean 225 KB); they carry most of the bytes.
    binaries = max(1, min(args.files // 32, int(target_bytes * 0.7) // (225 * 1024)))
    small = args.files - binaries
    small_budget = max(small * 512, target_bytes - binaries * 225 * 1024)
    small_mean = small_budget // max(1, small)
    written = 0
    words = ["exam", "student", "score", "assignment", "rubric", "profile", "teacher", "class",
             "question", "answer", "feedback", "algebra", "geometry", "reading", "writing"]

    for i in range(small):
        domain = ("raw/events", "serving/exams", "student_profiles", "teacher_workspaces")[i % 4]
        folder = os.path.join(args.dir, domain, f"d{(i // 4) % 400:03d}", f"e{(i // 1600) % 50:02d}")
        os.makedirs(folder, exist_ok=True)
        size = max(64, int(rng.expovariate(1.0 / small_mean)))
        if i % 2 == 0:
            record = {"schema_version": 2, "id": f"obj-{i}", "domain": domain,
                      "tags": rng.sample(words, 4), "scores": [rng.randint(0, 100) for _ in range(8)]}
            body = json.dumps(record)
            pad = max(0, size - len(body) - 16)
            record["notes"] = " ".join(rng.choice(words) for _ in range(pad // 7 + 1))[:pad]
            data = json.dumps(record).encode()
            name = f"obj-{i}.json"
        else:
            lines = []
            while sum(len(l) for l in lines) < size:
                lines.append(",".join(str(rng.randint(0, 10_000)) for _ in range(8)))
            data = ("\n".join(lines) + "\n").encode()
            name = f"rows-{i}.csv"
        with open(os.path.join(folder, name), "wb") as f:
            f.write(data)
        written += len(data)

    for i in range(binaries):
        folder = os.path.join(args.dir, "derived", "artifacts", f"b{i % 64:02d}")
        os.makedirs(folder, exist_ok=True)
        size = rng.randint(50 * 1024, 400 * 1024)
        with open(os.path.join(folder, f"blob-{i}.bin"), "wb") as f:
            f.write(rng.randbytes(size))
        written += size

    print(f"{small + binaries} files, {written / 1024 / 1024:.0f} MiB in {args.dir}")


if __name__ == "__main__":
    main()
