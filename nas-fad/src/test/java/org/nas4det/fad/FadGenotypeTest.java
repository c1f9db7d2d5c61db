package org.nas4det.fad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4det.fad.genotype.FadGenotypes;
import org.nas4det.fad.genotype.Genotype;
import org.nas4det.fad.genotype.GenotypeFormatException;

/** Genotype text: exact print format, tolerant parse, errors naming the token (spec §4). */
class FadGenotypeTest {

    static final String BOX = "Genotype(normal=[[('sinSep_conv_3x3_x3', 0), ('std_conv_3x3_x3', 1)], [('std_conv_3x3', 2), "
            + "('sinSep_conv_3x3+dil_conv_3x3', 1)], [('sinSep_conv_3x3_x2', 2), ('std_conv_3x3_x2', 3)]], normal_concat=range(2, 5))";
    static final String CLS = "Genotype(normal=[[('sinSep_conv_3x3_x2+dil_conv_3x3', 1), ('std_conv_3x3_x3', 0)], "
            + "[('sinSep_conv_3x3_x2+dil_conv_3x3', 0), ('sinSep_conv_3x3', 2)], [('sinSep_conv_3x3_x2', 2), ('std_conv_3x3', 3)]], "
            + "normal_concat=range(2, 5))";
    static final String BOX2 = "[[('std_conv_3x3_x3',0),('std_conv_3x3_x2',1)],[('std_conv_3x3',0),('std_conv_3x3+dil_conv_3x3',2)],"
            + "[('std_conv_3x3_x2+dil_conv_3x3',3),('std_conv_3x3+dil_conv_3x3',2)]]";
    static final String CLS2 = "[[('std_conv_3x3_x3',1),('sinSep_conv_3x3+dil_conv_3x3',0)],[('sinSep_conv_3x3',0),"
            + "('sinSep_conv_3x3+dil_conv_3x3',2)],[('std_conv_3x3',1),('std_conv_3x3_x3',0)]]";

    /** The four genotypes of spec §4. */
    static List<String> four() {
        return List.of(BOX, CLS, BOX2, CLS2);
    }

    @Test
    void paperGenotypesRoundTripExactly() {
        assertThat(Genotype.parse(BOX).toString()).isEqualTo(BOX);
        assertThat(Genotype.parse(CLS).toString()).isEqualTo(CLS);
        assertThat(FadGenotypes.PAPER.box().toString()).isEqualTo(BOX);
        Genotype g = Genotype.parse(BOX);
        assertThat(g.nodes().get(1).get(1)).isEqualTo(new Genotype.Edge("sinSep_conv_3x3+dil_conv_3x3", 1));
    }

    @Test
    void bareListsWhitespaceAndQuotesParse() {
        Genotype b2 = Genotype.parse(BOX2);
        assertThat(b2.nodes().get(2).get(0)).isEqualTo(new Genotype.Edge("std_conv_3x3_x2+dil_conv_3x3", 3));
        assertThat(Genotype.parse(b2.toString())).isEqualTo(b2);
        String messy = BOX.replace("'", "\"").replace(", ", " ,\n\t ").replace("(", " ( ");
        assertThat(Genotype.parse(messy)).isEqualTo(Genotype.parse(BOX));
        assertThat(Genotype.parse(CLS2).nodes().get(0).get(0).input()).isEqualTo(1);
    }

    @Test
    void badTextNamesTheToken() {
        assertThatThrownBy(() -> Genotype.parse(BOX.replace("std_conv_3x3_x3", "std_conv_5x5")))
                .isInstanceOf(GenotypeFormatException.class).hasMessageContaining("'std_conv_5x5'").hasMessageContaining("column");
        assertThatThrownBy(() -> Genotype.parse(BOX.replace("('std_conv_3x3', 2)", "('std_conv_3x3', 3)")))
                .isInstanceOf(GenotypeFormatException.class).hasMessageContaining("'3'").hasMessageContaining("out of range");
        assertThatThrownBy(() -> Genotype.parse(BOX.replace("'std_conv_3x3', 2", "'none', 2")))
                .hasMessageContaining("none");
        assertThatThrownBy(() -> Genotype.parse(BOX.replace("range(2, 5)", "range(2, 6)"))).hasMessageContaining("'6'");
        assertThatThrownBy(() -> Genotype.parse("__import__('os')")).isInstanceOf(GenotypeFormatException.class)
                .hasMessageContaining("__import__");
        assertThatThrownBy(() -> Genotype.parse(BOX + " x")).hasMessageContaining("'x'");
        // A lone minus and numbers beyond an int are errors naming the column, not NumberFormatException.
        assertThatThrownBy(() -> Genotype.parse(BOX.replace("('std_conv_3x3', 2)", "('std_conv_3x3', -)")))
                .isInstanceOf(GenotypeFormatException.class).hasMessageContaining("column 89").hasMessageContaining("'-'");
        assertThatThrownBy(() -> Genotype.parse(BOX.replace("('std_conv_3x3', 2)", "('std_conv_3x3', 99999999999)")))
                .isInstanceOf(GenotypeFormatException.class).hasMessageContaining("column 89")
                .hasMessageContaining("'99999999999' is out of range");
        assertThatThrownBy(() -> Genotype.parse(BOX.replace("range(2, 5)", "range(2, 99999999999)")))
                .isInstanceOf(GenotypeFormatException.class).hasMessageContaining("'99999999999' is out of range");
        assertThatThrownBy(() -> Genotype.parse(BOX.replace("('std_conv_3x3', 2)", "('std_conv_3x3', -1)")))
                .isInstanceOf(GenotypeFormatException.class).hasMessageContaining("'-1'").hasMessageContaining("out of range 0..2");
    }

    @Test
    void fileHoldsBoxThenCls(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("genotype.txt");
        FadGenotypes.PAPER.write(f);
        assertThat(Files.readAllLines(f)).containsExactly(BOX, CLS);
        assertThat(FadGenotypes.read(f)).isEqualTo(FadGenotypes.PAPER);
        Files.writeString(f, BOX + "\n");
        assertThatThrownBy(() -> FadGenotypes.read(f)).hasMessageContaining(f.toString()).hasMessageContaining("found 1");
        Files.writeString(f, "# searched\n" + BOX2 + "\n\n" + CLS.replace("std_conv_3x3'", "std'") + "\n");
        assertThatThrownBy(() -> FadGenotypes.read(f)).hasMessageContaining("line 4 (cls)").hasMessageContaining("'std'");
    }
}
