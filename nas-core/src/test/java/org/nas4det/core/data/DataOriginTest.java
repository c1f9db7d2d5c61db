package org.nas4det.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A COCO data set, or a subset of it, is read again elsewhere from its origin: same samples, same order. */
class DataOriginTest {

    private static List<String> samples(DetectionData d) {
        return d.samples().stream().map(s -> s.imageId() + " " + s.file() + " " + java.util.Arrays.toString(s.boxes()))
                .collect(Collectors.toList());
    }

    @Test
    void aSubsetIsReadAgainFromItsSerialisedOrigin(@TempDir Path tmp) throws Exception {
        DetectionData all = new TinyCoco(tmp).image(10, "a.png", 32, 32).image(11, "b.png", 32, 32)
                .image(12, "c.png", 32, 32).ann(1, 10, 3, 1, 1, 8, 8, false).ann(2, 12, 7, 2, 2, 10, 10, false).read();
        DetectionData subset = all.subset(Set.of(12L, 10L));

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(subset.origin().orElseThrow());
        }
        DataOrigin shipped;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            shipped = (DataOrigin) in.readObject();
        }
        assertThat(shipped).isEqualTo(subset.origin().orElseThrow()).hasSameHashCodeAs(subset.origin().orElseThrow());
        assertThat(samples(shipped.read())).hasSize(2).isEqualTo(samples(subset));
        assertThat(samples(all.origin().orElseThrow().read())).hasSize(3).isEqualTo(samples(all));
        assertThat(subset.origin()).isNotEqualTo(all.origin());
        // a value: the ids it hands out cannot be changed, and changing the list it was made from changes nothing
        CocoOrigin origin = (CocoOrigin) subset.origin().orElseThrow();
        assertThatThrownBy(() -> origin.subset().set(0, 99L)).isInstanceOf(UnsupportedOperationException.class);
        List<Long> ids = new java.util.ArrayList<>(List.of(10L, 12L));
        CocoOrigin made = new CocoOrigin(origin.annotations(), origin.images(), origin.policy(), origin.verifyImages(), ids);
        ids.set(0, 99L);
        assertThat(made).isEqualTo(origin).hasSameHashCodeAs(origin);
    }

    @Test
    void aSubsetWhoseImagesAreGoneFromTheFileIsRefused(@TempDir Path tmp) throws Exception {
        DetectionData all = new TinyCoco(tmp).image(10, "a.png", 32, 32).image(11, "b.png", 32, 32)
                .ann(1, 10, 3, 1, 1, 8, 8, false).read();
        DataOrigin subset = all.subset(Set.of(10L, 11L)).origin().orElseThrow();
        // the file as a worker with a stale mount sees it: image 11 is not there
        new TinyCoco(tmp).image(10, "a.png", 32, 32).ann(1, 10, 3, 1, 1, 8, 8, false).read();
        assertThatThrownBy(subset::read).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("holds 1 of the 2 images");
    }
}
