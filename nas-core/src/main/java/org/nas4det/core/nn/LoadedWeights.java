package org.nas4det.core.nn;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What weights loaded with {@code Block.loadParameters} need before training: DJL creates the
 * loaded arrays without autograd, so the trainable ones must have it switched back on (else the
 * first backward fails, or silently trains nothing).
 *
 * <p>DJL's {@code Parameter.load} also replaces an initialised parameter's array without closing
 * the old one, so a block initialised and then loaded holds two copies of its weights until its
 * manager closes: {@link #load} closes the replaced arrays.
 *
 * <pre>{@code LoadedWeights.load(block, manager, in); LoadedWeights.enableGradients(block);}</pre>
 */
public final class LoadedWeights {

    private LoadedWeights() {}

    /**
     * Switches autograd on for every trainable parameter of a block tree.
     *
     * @param root the block whose weights were loaded
     */
    public static void enableGradients(Block root) {
        for (Pair<String, Parameter> p : root.getParameters()) {
            if (p.getValue().requiresGradient()) {
                p.getValue().getArray().setRequiresGradient(true);
            }
        }
    }

    /**
     * Loads a block's parameters (as {@code Block.loadParameters}) and closes the arrays they
     * replace, also those replaced before a failed read. Only for a block whose arrays nothing
     * else holds yet, e.g. one initialised just to be loaded or a training's block restored
     * before its first step: a {@code ParameterStore} keeps the array it first handed out for a
     * parameter, so one that has seen the old arrays would hand out closed ones (and, without the
     * close, silently the old weights).
     *
     * @param root the block, initialised or not
     * @param manager the manager of the loaded arrays
     * @param in the stream, as written by {@code Block.saveParameters}
     * @throws IOException on read failure
     * @throws MalformedModelException when the stream does not fit the block, e.g. an array whose
     *     shape differs from the initialised one it replaces (DJL loads any shape; the mismatch
     *     would surface only as an engine error in the first forward pass)
     */
    public static void load(Block root, NDManager manager, DataInputStream in)
            throws IOException, MalformedModelException {
        List<String> names = new ArrayList<>();
        List<Parameter> params = new ArrayList<>();
        List<NDArray> before = new ArrayList<>();
        List<Shape> shapes = new ArrayList<>();
        for (Pair<String, Parameter> p : root.getParameters()) {
            names.add(p.getKey());
            params.add(p.getValue());
            NDArray a = p.getValue().isInitialized() ? p.getValue().getArray() : null;
            before.add(a);
            shapes.add(a == null ? null : a.getShape());
        }
        try {
            root.loadParameters(manager, in);
            for (int i = 0; i < params.size(); i++) {
                if (shapes.get(i) == null || !params.get(i).isInitialized()) {
                    continue; // nothing to compare with, or nothing loaded
                }
                Shape loaded = params.get(i).getArray().getShape();
                if (!shapes.get(i).equals(loaded)) {
                    throw new MalformedModelException("parameter " + names.get(i) + " has shape " + loaded + " in the file, the model "
                            + shapes.get(i) + ": the weights are of another architecture or class count");
                }
            }
        } finally {
            for (int i = 0; i < params.size(); i++) {
                NDArray old = before.get(i);
                if (old != null && params.get(i).getArray() != old && !old.isReleased()) {
                    old.close();
                }
            }
        }
    }
}
