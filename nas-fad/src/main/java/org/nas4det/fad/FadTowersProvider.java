package org.nas4det.fad;

import com.google.gson.JsonObject;
import org.nas4det.core.detect.HeadTowers;
import org.nas4det.core.detect.TowersProvider;
import org.nas4det.fad.genotype.FadGenotypes;

/**
 * The {@code "fad"} towers type of {@link org.nas4det.core.detect.DetectorSpec}: a derived FAD head,
 * {@code {"type": "fad", "genotype": "..", "width": 96, "cells": 2, "rate3": false}}, so that saved
 * FAD detectors load anywhere. Found by {@link java.util.ServiceLoader}.
 */
public final class FadTowersProvider implements TowersProvider {

    /** Creates the provider (for {@link java.util.ServiceLoader}). */
    public FadTowersProvider() {}

    @Override
    public String type() {
        return "fad";
    }

    @Override
    public HeadTowers create(JsonObject o, int channels) {
        if (!o.has("genotype")) {
            throw new IllegalArgumentException("a 'fad' towers spec needs 'genotype': the box line and the cls line");
        }
        return Fad.standalone(FadGenotypes.parse(o.get("genotype").getAsString(), "detector spec field 'towers.genotype'"), channels,
                o.has("width") ? o.get("width").getAsInt() : 96, o.has("cells") ? o.get("cells").getAsInt() : 2,
                o.has("rate3") && o.get("rate3").getAsBoolean());
    }
}
