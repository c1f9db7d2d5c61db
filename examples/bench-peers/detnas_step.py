"""PyTorch eager peer of `nas bench detnas-step` (BENCHMARKS.md).

One DetNAS supernet training step: small space (stem 3x3/2 conv-BN-ReLU 16, widths 64/160/320/640,
blocks 4/4/8/4, four ShuffleNetV2 choice blocks per position with MMRazor's block convention),
batch 16 of 3x128x128 N(0,1) inputs, labels uniform in [0, 10), head global average pool +
Linear(640 -> 10, bias); forward of one uniformly sampled path, cross-entropy, backward, SGD (lr
0.05, momentum 0.9, weight decay 4e-5) on that path's parameters only (the same paths as ours: the
same generator and seed): gradients are zeroed with
set_to_none, so torch.optim.SGD skips every parameter the path did not use. Reports
ms_random_path and ms_fixed_path (every block shuffle_3x3), as `nas bench` does.

    /usr/bin/python3 detnas_step.py --iters 15 --untimed 3 --threads 1
"""
import itertools

import torch
from torch import nn
import torch.nn.functional as F

from peer_common import arguments, emit, setup, time_ms, timings

STEM, WIDTHS, DEPTHS = 16, (64, 160, 320, 640), (4, 4, 8, 4)
KERNELS = (3, 5, 7, None)  # shuffle_3x3, 5x5, 7x7, xception


def conv_bn(cin, cout, k, stride=1, groups=1, relu=True):
    layers = [nn.Conv2d(cin, cout, k, stride, (k - 1) // 2, groups=groups, bias=False), nn.BatchNorm2d(cout)]
    if relu:
        layers.append(nn.ReLU(inplace=True))
    return nn.Sequential(*layers)


def branch(kernel, cin, mid, cout, stride):
    if kernel is None:  # Xception: three (3x3 depthwise-BN, 1x1-BN-ReLU)
        return nn.Sequential(conv_bn(cin, cin, 3, stride, cin, False), conv_bn(cin, mid, 1),
                             conv_bn(mid, mid, 3, 1, mid, False), conv_bn(mid, mid, 1),
                             conv_bn(mid, mid, 3, 1, mid, False), conv_bn(mid, cout, 1))
    return nn.Sequential(conv_bn(cin, mid, 1), conv_bn(mid, mid, kernel, stride, mid, False), conv_bn(mid, cout, 1))


def shuffle(x):
    n, c, h, w = x.shape
    return x.view(n, 2, c // 2, h, w).transpose(1, 2).reshape(n, c, h, w)


class ShuffleBlock(nn.Module):
    def __init__(self, kernel, cin, cout, stride):
        super().__init__()
        self.stride = stride
        mid = cout // 2
        if stride == 1:
            self.branch = branch(kernel, mid, mid, mid, 1)
        else:  # MMRazor: both branches give half the width
            k = 3 if kernel is None else kernel
            self.proj = nn.Sequential(conv_bn(cin, cin, k, 2, cin, False), conv_bn(cin, mid, 1))
            self.branch = branch(kernel, cin, mid, cout - mid, 2)

    def forward(self, x):
        if self.stride == 1:
            x1, x2 = x.chunk(2, dim=1)
            y = torch.cat((x1, self.branch(x2)), 1)
        else:
            y = torch.cat((self.proj(x), self.branch(x)), 1)
        return shuffle(y)


class Supernet(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = conv_bn(3, STEM, 3, 2)
        self.layers = nn.ModuleList()
        cin = STEM
        for w, d in zip(WIDTHS, DEPTHS):
            for b in range(d):
                stride = 2 if b == 0 else 1
                self.layers.append(nn.ModuleList(ShuffleBlock(k, cin if b == 0 else w, w, stride) for k in KERNELS))
            cin = w
        self.head = nn.Linear(WIDTHS[-1], 10)

    def forward(self, x, path):
        x = self.stem(x)
        for layer, choice in zip(self.layers, path):
            x = layer[choice](x)
        return self.head(F.adaptive_avg_pool2d(x, 1).flatten(1))


class SeededRandom:
    """nas4det's SeededRandom (SplitMix64 under java.util.Random's nextInt), so that the peer trains
    the same sequence of random paths as `nas bench detnas-step` (DetNasSpace.sample, seed 0)."""
    MASK = (1 << 64) - 1

    def __init__(self, seed):
        self.state = seed & self.MASK

    def next_long(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & self.MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & self.MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & self.MASK
        return z ^ (z >> 31)

    def next_int(self, bound):
        assert bound & -bound == bound, "only powers of two are needed here"
        return (bound * (self.next_long() >> 33)) >> 31


def time_steps(args, fixed):
    torch.manual_seed(0)
    net = Supernet().train()
    opt = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9, weight_decay=4e-5)
    rng = SeededRandom(0)
    blocks = sum(DEPTHS)
    # Cycled: a --trace run takes one more step than the timed ones.
    paths = itertools.cycle([[0] * blocks if fixed else [rng.next_int(4) for _ in range(blocks)]
                  for _ in range(args.untimed + args.iters)])

    def step():
        path = next(paths)
        x = torch.randn(16, 3, 128, 128)
        y = torch.randint(0, 10, (16,))
        loss = F.cross_entropy(net(x, path), y)
        loss.backward()
        loss.item()
        opt.step()
        opt.zero_grad(set_to_none=True)

    return time_ms(step, args.untimed, args.iters, args.trace)


def main():
    args = arguments(__doc__).parse_args()
    setup(args)
    line = {"workload": "detnas-step", "space": "small", "batch": 16, "input": "3x128x128"}
    timings(line, "ms_random_path", time_steps(args, False), args)
    timings(line, "ms_fixed_path", time_steps(args, True), args)
    emit(line, args)


if __name__ == "__main__":
    main()
