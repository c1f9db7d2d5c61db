#!/usr/bin/env python3
"""PyTorch-eager peer of `nas bench frcnn-step` (BENCHMARKS.md): prints one JSON line.

torchvision's FasterRCNN with its defaults on a ResNet-18 FPN backbone (BatchNorm, all layers
trainable, FPN 256 on C2-C5, P6 by max-pooling P5), 5 classes including the background; a batch
of 2 N(0,1) images 3x320x320 with the same 3 boxes per image as the Java workload. The only
setting changed from torchvision's defaults is the transform's resize (min/max size 320, mean 0,
std 1), so that the network sees the 320x320 batch itself instead of an 800-px upscale, as the
Java workload does. Timed: one training step (forward with losses, backward, SGD lr 0.01 momentum
0.9 wd 1e-4, gradients zeroed) and one inference pass (eval mode, score 0.05, NMS 0.5, 100
detections), each the median (min, max) over --iters repetitions after --untimed ones.

Usage: python3 frcnn_step.py [--threads 1] [--iters 15] [--untimed 3]

Check `torch.__config__.show()` first: a PyTorch built with BLAS_INFO=generic (Debian's) runs the
box head's Linear layers on the reference BLAS, many times slower; run it against an optimised
BLAS (for instance OpenBLAS through LD_LIBRARY_PATH, OPENBLAS_NUM_THREADS=1) or the ratio says
nothing about the two frameworks.
"""
import argparse
import json
import statistics
import time

import torch
import torchvision
from torchvision.models.detection import FasterRCNN
from torchvision.models.detection.backbone_utils import resnet_fpn_backbone

BOXES = [[20, 30, 120, 150], [150, 40, 300, 200], [60, 180, 160, 310],
         [10, 10, 90, 70], [100, 120, 260, 300], [200, 20, 310, 110]]
LABELS = [0, 1, 2, 3, 0, 1]  # the Java workload's foreground classes; torchvision's label 0 is the background


def timings(values):
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--iters", type=int, default=15)
    p.add_argument("--untimed", type=int, default=3)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    backbone = resnet_fpn_backbone(backbone_name="resnet18", weights=None, norm_layer=torch.nn.BatchNorm2d,
                                   trainable_layers=5)
    model = FasterRCNN(backbone, num_classes=5, min_size=320, max_size=320, image_mean=[0.0, 0.0, 0.0],
                       image_std=[1.0, 1.0, 1.0])
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=1e-4)
    targets = [{"boxes": torch.tensor(BOXES[3 * i:3 * i + 3], dtype=torch.float32),
                "labels": torch.tensor([c + 1 for c in LABELS[3 * i:3 * i + 3]], dtype=torch.int64)}
               for i in range(2)]
    total = a.untimed + a.iters
    train = []
    model.train()
    for i in range(total):
        t0 = time.perf_counter()
        images = list(torch.randn(2, 3, 320, 320))
        losses = model(images, targets)
        loss = sum(losses.values())
        opt.zero_grad()
        loss.backward()
        opt.step()
        if i >= a.untimed:
            train.append((time.perf_counter() - t0) * 1000)
    infer = []
    model.eval()
    with torch.no_grad():
        for i in range(total):
            images = list(torch.randn(2, 3, 320, 320))
            t0 = time.perf_counter()
            model(images)
            if i >= a.untimed:
                infer.append((time.perf_counter() - t0) * 1000)
    print(json.dumps({"workload": "frcnn-step", "peer": "pytorch-eager", "backbone": "resnet18", "batch": 2,
                      "input": "3x320x320", "classes": 5, "iters": a.iters, "untimed": a.untimed,
                      "ms_train_step": timings(train), "ms_inference": timings(infer), "threads": a.threads,
                      "engine": "torch " + torch.__version__ + ", torchvision " + torchvision.__version__}))


if __name__ == "__main__":
    main()
