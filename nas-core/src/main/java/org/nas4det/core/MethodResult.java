package org.nas4det.core;

import ai.djl.nn.Block;
import java.nio.file.Path;
import java.util.Optional;
import org.nas4det.core.cost.Cost;

/**
 * What every method's {@code run()} returns: the best architecture, its cost, where the run's
 * files are, and a way to build it as a fresh network.
 *
 * <pre>{@code MaeDetResult r = MaeDet.cpu().build().run(); Block net = r.standalone();}</pre>
 *
 * @param <A> the architecture type
 */
public interface MethodResult<A extends Architecture> {

    /** @return the best architecture the run found */
    A best();

    /** @return the best architecture's cost at the method's reporting input */
    Cost cost();

    /** @return the run directory, when the run wrote one */
    Optional<Path> runDirectory();

    /**
     * Returns every evaluated candidate, when the method evaluates candidates one by one.
     *
     * @return the search result; empty for a method that derives its architecture (FAD)
     */
    Optional<SearchResult<A>> search();

    /** @return a fresh, uninitialised standalone network for {@link #best()} */
    Block standalone();
}
