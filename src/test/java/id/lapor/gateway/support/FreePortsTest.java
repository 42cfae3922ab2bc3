package id.lapor.gateway.support;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Ports picked before any is bound are all different: random picks alone repeat (300 of 12,768: about 3 repeats). */
class FreePortsTest {

    @Test
    void portsPickedOneAfterTheOtherAreNeverTheSameAndLieBelowTheEphemeralRange() {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < 300; i++) ports.add(FreePorts.pick());
        assertThat(ports).doesNotHaveDuplicates().allSatisfy(p -> assertThat(p).isBetween(20_000, 32_767));
    }
}
