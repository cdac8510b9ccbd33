"""numpy twin of src/drift/prng.ts: bit-identical mulberry32 uniforms and Irwin-Hall normals.

mulberry32's state is a plain counter (seed + k * 0x6D2B79F5 mod 2^32), so the k-th output is a pure function
of k and the whole sequence vectorises.
"""
import numpy as np

GOLDEN_GAMMA = np.uint32(0x6D2B79F5)


def _mix(state):
    t = state.copy()
    t = (t ^ (t >> np.uint32(15))) * (t | np.uint32(1))
    t = t ^ (t + (t ^ (t >> np.uint32(7))) * (t | np.uint32(61)))
    return t ^ (t >> np.uint32(14))


def uniform_samples(seed, count, offset=0):
    k = np.arange(offset + 1, offset + count + 1, dtype=np.uint64)
    state = ((np.uint64(seed & 0xFFFFFFFF) + k * np.uint64(0x6D2B79F5)) & np.uint64(0xFFFFFFFF)).astype(np.uint32)
    with np.errstate(over="ignore"):
        return _mix(state).astype(np.float64) / 4294967296.0


def normal_samples(seed, count, mean=0.0, std=1.0):
    u = uniform_samples(seed, 12 * count).reshape(count, 12)
    total = np.zeros(count)
    for k in range(12):
        total = total + u[:, k]
    return mean + std * (total - 6.0)
