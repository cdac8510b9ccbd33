"""Writing a reference fixture the same way from every reference script: indented JSON, a final newline."""
import json
import os


def write_fixture(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(data, f, indent=1)
        f.write("\n")
    print(f"wrote {path} ({os.path.getsize(path)} bytes)")
