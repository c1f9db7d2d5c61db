"""PyTorch eager peer of `nas bench maedet-score` (BENCHMARKS.md).

The MAE-DET v1 forward entropy score of one structure (default MAE-DET-S), one repeat, batch 8,
224x224, written as the TinyNAS v1 code does it: the main-branch convs of the structure as
nn.Conv2d modules (built once, outside the timing), and per candidate: re-initialise every conv
weight N(0, 1), draw the input N(0, 1), run the conv chain without BN, ReLU or shortcuts, and
after every conv take the output's std, add its log, divide the output by it. Stage entropies
H_i = sum of ln sigma up to the stage's end + ln C_i; score = sum alpha_i H_i, alpha = (0,0,1,1,6).

    /usr/bin/python3 maedet_score.py --iters 15 --untimed 3 --threads 1
"""
import ast
import math

import torch
from torch import nn

from peer_common import arguments, emit, setup, time_ms, timings

MAEDET_S = ("[{'class': 'ConvKXBNRELU', 'in': 3, 'out': 32, 's': 2, 'k': 3},"
            "{'class': 'SuperResK1KXK1', 'in': 32, 'out': 48, 's': 2, 'k': 5, 'L': 2, 'btn': 32},"
            "{'class': 'SuperResK1KXK1', 'in': 48, 'out': 272, 's': 2, 'k': 3, 'L': 4, 'btn': 120},"
            "{'class': 'SuperResK1KXK1', 'in': 272, 'out': 1024, 's': 2, 'k': 5, 'L': 10, 'btn': 80},"
            "{'class': 'SuperResK1KXK1', 'in': 1024, 'out': 2048, 's': 2, 'k': 3, 'L': 10, 'btn': 240}]")
ALPHA = [0, 0, 1, 1, 6]


def main_convs(block):
    """(in, out, kernel, stride) of every main-branch conv of a block, unit by unit."""
    convs = []
    if block["class"] == "ConvKXBNRELU":
        return [(block["in"], block["out"], block["k"], block.get("s", 1))]
    for j in range(block["L"]):
        cin = block["in"] if j == 0 else block["out"]
        s = block.get("s", 1) if j == 0 else 1
        k, btn = block["k"], block["btn"]
        if block["class"] == "SuperResK1KXK1":
            convs += [(cin, btn, 1, 1), (btn, btn, k, s), (btn, block["out"], 1, 1)]
        else:  # SuperResKXKX
            convs += [(cin, btn, k, 1), (btn, block["out"], k, s)]
    return convs


class EntropyNet(nn.Module):
    def __init__(self, structure):
        super().__init__()
        self.stages = nn.ModuleList()
        self.channels = []
        for b in structure:
            self.stages.append(nn.ModuleList(
                nn.Conv2d(i, o, k, s, (k - 1) // 2, bias=False) for i, o, k, s in main_convs(b)))
            self.channels.append(b["out"])

    @torch.no_grad()
    def score(self, batch, size):
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.normal_(m.weight)
        x = torch.randn(batch, 3, size, size)
        cumulative = 0.0
        h = []
        for convs, c in zip(self.stages, self.channels):
            for conv in convs:
                x = conv(x)
                sigma = x.std(unbiased=False)
                cumulative += math.log(sigma.item())
                x = x / sigma
            h.append(cumulative + math.log(c))
        return sum(a * v for a, v in zip(ALPHA, h))


def main():
    p = arguments(__doc__)
    p.add_argument("--arch", default=MAEDET_S, help="structure text (default MAE-DET-S)")
    args = p.parse_args()
    setup(args)
    torch.manual_seed(0)
    net = EntropyNet(ast.literal_eval(args.arch))
    result = {}

    def work():
        torch.manual_seed(0)
        result["score"] = net.score(8, 224)

    ms = time_ms(work, args.untimed, args.iters, args.trace)
    line = {"workload": "maedet-score", "batch": 8, "input": "3x224x224", "score": result["score"]}
    timings(line, "ms_per_candidate", ms, args)
    emit(line, args)


if __name__ == "__main__":
    main()
