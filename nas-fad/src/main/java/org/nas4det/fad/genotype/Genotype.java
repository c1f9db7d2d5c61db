package org.nas4det.fad.genotype;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.nas4det.fad.ops.FadOp;
import org.nas4det.fad.ops.OpSpace;

/**
 * One subnet's cell (spec §4): per intermediate node, the incoming edges (op, source state);
 * the cell output concatenates states 2..2+N. Printed exactly as the release's Python repr,
 * {@code Genotype(normal=[[('op', k), ('op', k)], ...], normal_concat=range(2, 5))}, and parsed
 * with a tokenizer (no eval), see {@link GenotypeParser}.
 *
 * <pre>{@code Genotype g = Genotype.parse(line); String same = g.toString();}</pre>
 */
public final class Genotype {

    /**
     * One edge of a node.
     *
     * @param op the op name
     * @param input the source state (0 = s0, 1 = s1, 2.. = earlier nodes)
     */
    public record Edge(String op, int input) {}

    private final List<List<Edge>> nodes;

    /**
     * Creates a genotype and checks it.
     *
     * @param nodes edges per node (row r defines state r + 2)
     * @throws GenotypeFormatException for an unknown op, none, or a source out of range
     */
    public Genotype(List<List<Edge>> nodes) {
        List<List<Edge>> copy = new ArrayList<>();
        for (List<Edge> n : nodes) {
            copy.add(List.copyOf(n));
        }
        this.nodes = List.copyOf(copy);
        if (this.nodes.isEmpty()) {
            throw new GenotypeFormatException("genotype has no nodes");
        }
        for (int r = 0; r < this.nodes.size(); r++) {
            if (this.nodes.get(r).isEmpty()) {
                throw new GenotypeFormatException("genotype node " + r + " has no edges");
            }
            for (Edge e : this.nodes.get(r)) {
                checkOp(e.op(), "node " + r);
                if (e.input() < 0 || e.input() > r + 1) {
                    throw new GenotypeFormatException("genotype node " + r + ": input " + e.input()
                            + " out of range (row " + r + " accepts 0.." + (r + 1) + ")");
                }
            }
        }
    }

    static void checkOp(String name, String where) {
        if (name.equals(FadOp.NONE.name())) {
            throw new GenotypeFormatException("genotype " + where + ": 'none' is never part of a derived genotype");
        }
        if (OpSpace.withRate3().find(name).isEmpty()) {
            List<String> known = new ArrayList<>();
            OpSpace.withRate3().ops().stream().filter(o -> !o.isNone()).forEach(o -> known.add(o.name()));
            throw new GenotypeFormatException("genotype " + where + ": unknown op '" + name + "' (known: " + known + ")");
        }
    }

    /**
     * Parses one genotype line (the full {@code Genotype(...)} form or the bare node list).
     *
     * @param text the text
     * @return the genotype
     * @throws GenotypeFormatException naming the offending token
     */
    public static Genotype parse(String text) {
        return GenotypeParser.parse(text, "genotype text");
    }

    /** @return edges per node */
    public List<List<Edge>> nodes() {
        return nodes;
    }

    /** @return the number of intermediate nodes */
    public int nodeCount() {
        return nodes.size();
    }

    /**
     * Resolves the ops in a space.
     *
     * @param space the op space
     * @return the op of every edge, node by node
     * @throws GenotypeFormatException when an op is not in the space
     */
    public List<List<FadOp>> ops(OpSpace space) {
        List<List<FadOp>> out = new ArrayList<>();
        for (List<Edge> n : nodes) {
            List<FadOp> l = new ArrayList<>();
            for (Edge e : n) {
                l.add(space.find(e.op()).orElseThrow(() -> new GenotypeFormatException(
                        "genotype op '" + e.op() + "' is not in the " + (space.rate3() ? "12" : "10") + "-op space")));
            }
            out.add(l);
        }
        return out;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("Genotype(normal=[");
        for (int r = 0; r < nodes.size(); r++) {
            if (r > 0) {
                b.append(", ");
            }
            b.append('[');
            List<Edge> n = nodes.get(r);
            for (int i = 0; i < n.size(); i++) {
                if (i > 0) {
                    b.append(", ");
                }
                b.append("('").append(n.get(i).op()).append("', ").append(n.get(i).input()).append(')');
            }
            b.append(']');
        }
        return b.append("], normal_concat=range(2, ").append(2 + nodes.size()).append("))").toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Genotype && ((Genotype) o).nodes.equals(nodes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(nodes);
    }
}
