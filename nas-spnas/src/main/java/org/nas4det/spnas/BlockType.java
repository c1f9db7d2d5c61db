package org.nas4det.spnas;

import java.util.Locale;
import java.util.Objects;

/**
 * The residual block of an SP-NAS backbone: basic (two 3x3, expansion 1), bottleneck (1x1, 3x3,
 * 1x1, expansion 4) or ResNeXt (a bottleneck whose 3x3 has {@code groups} groups and inner width
 * {@code floor(planes * baseWidth / 64) * groups}). Prefixes of the arch string: {@code b},
 * {@code r}, {@code x(GxWd)}.
 *
 * <pre>{@code BlockType t = BlockType.parse("resnext32x4d"); t.prefix(); // "x(32x4d)"}</pre>
 */
public final class BlockType {

    /** Bottleneck blocks (ResNet-50 style), prefix {@code r}. */
    public static final BlockType BOTTLENECK = new BlockType(Kind.BOTTLENECK, 1, 64);
    /** Basic blocks (ResNet-18 style), prefix {@code b}. */
    public static final BlockType BASIC = new BlockType(Kind.BASIC, 1, 64);

    /** The block families. */
    public enum Kind { BASIC, BOTTLENECK, RESNEXT }

    private final Kind kind;
    private final int groups;
    private final int baseWidth;

    private BlockType(Kind kind, int groups, int baseWidth) {
        this.kind = kind;
        this.groups = groups;
        this.baseWidth = baseWidth;
    }

    /**
     * A ResNeXt block type.
     *
     * @param groups groups of the 3x3 conv (32 for 32x4d)
     * @param baseWidth width per group at planes 64 (4 for 32x4d)
     * @return the type
     */
    public static BlockType resnext(int groups, int baseWidth) {
        if (groups < 1 || baseWidth < 1) {
            throw new IllegalArgumentException("ResNeXt needs groups >= 1 and base width >= 1, got " + groups + "x" + baseWidth + "d");
        }
        return new BlockType(Kind.RESNEXT, groups, baseWidth);
    }

    /**
     * Reads a CLI name: {@code basic}, {@code bottleneck}, {@code resnext32x4d} (any GxWd), or an
     * arch-string prefix {@code b}, {@code r}, {@code x(32x4d)}.
     *
     * @param name the name
     * @return the type
     * @throws IllegalArgumentException naming the accepted values
     */
    public static BlockType parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case "basic":
            case "b":
                return BASIC;
            case "bottleneck":
            case "r":
                return BOTTLENECK;
            default:
                break;
        }
        String gw = null;
        if (n.startsWith("resnext")) {
            gw = n.substring("resnext".length());
        } else if (n.startsWith("x(") && n.endsWith(")")) {
            gw = n.substring(2, n.length() - 1);
        }
        if (gw != null) {
            int x = gw.indexOf('x');
            if (x > 0 && gw.endsWith("d")) {
                try {
                    return resnext(Integer.parseInt(gw.substring(0, x)), Integer.parseInt(gw.substring(x + 1, gw.length() - 1)));
                } catch (NumberFormatException e) {
                    // falls through to the error below
                }
            }
        }
        throw new IllegalArgumentException("unknown block '" + name + "': use basic, bottleneck or resnext<G>x<W>d (e.g. resnext32x4d)"
                + " (arch-string prefixes b, r, x(32x4d))");
    }

    /** @return the family */
    public Kind kind() {
        return kind;
    }

    /** @return output channels over planes */
    public int expansion() {
        return kind == Kind.BASIC ? 1 : 4;
    }

    /**
     * @param planes the block's planes
     * @return the inner (3x3) width of a bottleneck or ResNeXt block
     */
    public int innerWidth(int planes) {
        return kind == Kind.RESNEXT ? planes * baseWidth / 64 * groups : planes;
    }

    /** @return groups of the 3x3 conv */
    public int groups() {
        return groups;
    }

    /** @return the arch-string prefix */
    public String prefix() {
        switch (kind) {
            case BASIC:
                return "b";
            case BOTTLENECK:
                return "r";
            default:
                return "x(" + groups + "x" + baseWidth + "d)";
        }
    }

    /** @return the CLI name */
    public String cliName() {
        switch (kind) {
            case BASIC:
                return "basic";
            case BOTTLENECK:
                return "bottleneck";
            default:
                return "resnext" + groups + "x" + baseWidth + "d";
        }
    }

    @Override
    public String toString() {
        return cliName();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof BlockType)) {
            return false;
        }
        BlockType t = (BlockType) o;
        return t.kind == kind && t.groups == groups && t.baseWidth == baseWidth;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, groups, baseWidth);
    }
}
