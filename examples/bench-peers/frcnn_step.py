"""PyTorch eager peer of `nas bench frcnn-step` (BENCHMARKS.md), on torchvision's FasterRCNN.

torchvision's FasterRCNN with its defaults on a ResNet-18 FPN backbone (BatchNorm, all layers
trainable, FPN 256 on C2-C5, P6 by max-pooling P5), 5 classes including the background; a batch
of 2 N(0,1) images 3x320x320 with the same 3 boxes per image as `nas bench frcnn-step`. The only
setting changed from torchvision's defaults is the transform's resize (min/max size 320, mean 0,
std 1), so that the network sees the 320x320 batch itself instead of an 800-px upscale, as ours
does. Reports ms_train_step (forward with losses, backward, SGD lr 0.01 momentum 0.9 wd 1e-4)
and ms_inference (eval mode, no grad; score 0.05, NMS 0.5, 100 detections).

    /usr/bin/python3 frcnn_step.py --iters 15 --untimed 3 --threads 1

Check `torch.__config__.show()` first: a PyTorch built with BLAS_INFO=generic (Debian's) runs the
box head's Linear layers on the reference BLAS, many times slower; run it against an optimised
BLAS (README.md in this folder) or the ratio says nothing about the two frameworks.
"""
import torch
from torchvision.models.detection import FasterRCNN
from torchvision.models.detection.backbone_utils import resnet_fpn_backbone

from peer_common import arguments, detection_train_step, emit, setup, time_ms, timings

BOXES = torch.tensor([[[20, 30, 120, 150], [150, 40, 300, 200], [60, 180, 160, 310]],
                      [[10, 10, 90, 70], [100, 120, 260, 300], [200, 20, 310, 110]]], dtype=torch.float32)
# Ours' foreground classes 0, 1, 2 / 3, 0, 1; torchvision's label 0 is the background.
LABELS = torch.tensor([[1, 2, 3], [4, 1, 2]])


def faster_rcnn():
    backbone = resnet_fpn_backbone(backbone_name="resnet18", weights=None, norm_layer=torch.nn.BatchNorm2d,
                                   trainable_layers=5)
    return FasterRCNN(backbone, num_classes=5, min_size=320, max_size=320, image_mean=[0.0, 0.0, 0.0],
                      image_std=[1.0, 1.0, 1.0])


def main():
    args = arguments(__doc__).parse_args()
    setup(args)
    torch.manual_seed(0)
    model = faster_rcnn()
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=1e-4)
    targets = [{"boxes": BOXES[i], "labels": LABELS[i]} for i in range(2)]

    train_step = detection_train_step(model, opt, targets)

    # Drawn beforehand: ours times inference without drawing its batch (the training step draws its own in both).
    batches = [list(torch.randn(2, 3, 320, 320)) for _ in range(args.untimed + args.iters + (2 if args.trace else 1))]

    def inference():
        model.eval()
        with torch.no_grad():
            model(batches.pop())

    line = {"workload": "frcnn-step", "backbone": "resnet18", "batch": 2, "input": "3x320x320", "classes": 5}
    timings(line, "ms_train_step", time_ms(train_step, args.untimed, args.iters, args.trace), args)
    timings(line, "ms_inference", time_ms(inference, args.untimed, args.iters, args.trace), args)
    emit(line, args)


if __name__ == "__main__":
    main()
