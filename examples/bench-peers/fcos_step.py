"""PyTorch eager peer of `nas bench fcos-step` (BENCHMARKS.md), on torchvision's FCOS.

FCOS with a ResNet-18 backbone (BatchNorm, all layers trainable), FPN 256 on C3-C5 with P6/P7
from P5, heads of 4 x (3x3 conv + GroupNorm(32) + ReLU), 5 classes, centre sampling 1.5, focal +
GIoU + centre-ness losses; a batch of 2 N(0,1) images 3x320x320 with 3 boxes each (the same boxes
and classes as `nas bench fcos-step`). The transform is set to leave 320x320 inputs as they are
(min and max size 320, mean 0, std 1). Reports ms_train_step (forward with losses, backward, SGD
lr 0.01 momentum 0.9 wd 1e-4) and ms_inference (eval mode, no grad, decoding and NMS included;
score threshold 0.05, 1000 candidates per level, NMS 0.6, 100 detections, as ours).

    /usr/bin/python3 fcos_step.py --iters 15 --untimed 3 --threads 1
"""
import torch
from torch import nn
from torchvision.models import resnet18
from torchvision.models.detection import FCOS
from torchvision.models.detection.backbone_utils import _resnet_fpn_extractor
from torchvision.ops.feature_pyramid_network import LastLevelP6P7

from peer_common import arguments, detection_train_step, emit, setup, time_ms, timings

BOXES = torch.tensor([[[20, 30, 120, 150], [150, 40, 300, 200], [60, 180, 160, 310]],
                      [[10, 10, 90, 70], [100, 120, 260, 300], [200, 20, 310, 110]]], dtype=torch.float32)
CLASSES = torch.tensor([[0, 1, 2], [3, 4, 0]])


def fcos():
    body = resnet18(weights=None, norm_layer=nn.BatchNorm2d)
    backbone = _resnet_fpn_extractor(body, 5, returned_layers=[2, 3, 4], extra_blocks=LastLevelP6P7(256, 256))
    return FCOS(backbone, num_classes=5, min_size=320, max_size=320, image_mean=[0.0, 0.0, 0.0],
                image_std=[1.0, 1.0, 1.0], score_thresh=0.05, nms_thresh=0.6, detections_per_img=100,
                topk_candidates=1000)


def main():
    args = arguments(__doc__).parse_args()
    setup(args)
    torch.manual_seed(0)
    model = fcos()
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=1e-4)
    targets = [{"boxes": BOXES[i], "labels": CLASSES[i]} for i in range(2)]

    train_step = detection_train_step(model, opt, targets)

    def inference():
        model.eval()
        with torch.no_grad():
            model(list(torch.randn(2, 3, 320, 320)))

    line = {"workload": "fcos-step", "backbone": "resnet18", "batch": 2, "input": "3x320x320", "classes": 5}
    timings(line, "ms_train_step", time_ms(train_step, args.untimed, args.iters, args.trace), args)
    timings(line, "ms_inference", time_ms(inference, args.untimed, args.iters, args.trace), args)
    emit(line, args)


if __name__ == "__main__":
    main()
