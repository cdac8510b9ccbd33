"""
A model server instrumented as the PyData 2022 FastAPI example instruments it, with the real prometheus_client:
request_count_total{model_version}, a response_distribution histogram {model_version} of the predicted
probability with buckets 0.1 ... 1.0, a categorical counter {feature, category} without model or version
labels (a category literally "missing"), and an imputer counter {feature, method}. No model label anywhere.

The test drives it over stdin: the line "shift" makes the predicted probabilities drift. The first line on
stdout is the port it serves /metrics on.
"""
import random
import sys
import threading
import time

from prometheus_client import Counter, Histogram, start_http_server

MODEL_VERSION = "1"
REQUESTS = Counter("request_count", "Predictions served.", ["model_version"])
RESPONSE = Histogram(
    "response_distribution",
    "Predicted probability of the positive class.",
    ["model_version"],
    buckets=[0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0],
)
CATEGORICAL = Counter("categorical_feature", "Values of the categorical features.", ["feature", "category"])
IMPUTER = Counter("imputer", "Values filled in by the imputer.", ["feature", "method"])

shifted = threading.Event()


def serve_traffic() -> None:
    rng = random.Random(7)
    while True:
        for _ in range(20):
            REQUESTS.labels(MODEL_VERSION).inc()
            # Before the shift the probability is X**2 for uniform X; after it, 1 - X**2.
            x = rng.random() ** 2
            RESPONSE.labels(MODEL_VERSION).observe(1 - x if shifted.is_set() else x)
            if rng.random() < 1 / 11:
                CATEGORICAL.labels("channel", "missing").inc()
            else:
                CATEGORICAL.labels("channel", rng.choices(["web", "app", "store"], [5, 3, 2])[0]).inc()
            if rng.random() < 0.1:
                IMPUTER.labels("region", "most_frequent").inc()
            else:
                CATEGORICAL.labels("region", rng.choice(["north", "south"])).inc()
        time.sleep(0.025)


def main() -> None:
    server, _thread = start_http_server(0, addr="127.0.0.1")
    print(server.server_port, flush=True)
    threading.Thread(target=serve_traffic, daemon=True).start()
    for line in sys.stdin:
        if line.strip() == "shift":
            shifted.set()


if __name__ == "__main__":
    main()
