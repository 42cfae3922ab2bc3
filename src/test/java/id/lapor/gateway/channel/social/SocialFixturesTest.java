package id.lapor.gateway.channel.social;

import id.lapor.gateway.support.ChannelConfig;
import id.lapor.gateway.support.FixtureTable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The social fixtures as a table ({@link FixtureTable}): every {@code fixtures/social/<case>.json} is a
 * raw flagged-post body, {@code <case>.expected.json} what {@link SocialNormaliser} and intake make of
 * it (canonical complaint with ticket and times masked, or the quarantine outcome). No Spring: the
 * shipped {@code channel-config/social.yaml}. {@link SocialRoutedFixturesTest} sends the same table
 * through the real route.
 */
class SocialFixturesTest {

    static final Path DIR = Path.of("src/test/resources/fixtures/social");
    static final SocialNormaliser NORMALISER = new SocialNormaliser(ChannelConfig.load("social", SocialProperties.class));

    @TestFactory
    Stream<DynamicTest> everyFixtureBecomesItsExpectedOutcome() throws IOException {
        return FixtureTable.run(FixtureTable.rows(DIR, ".json"), row -> {
            SocialReport report = new SocialReport(Files.readAllBytes(row.input()), "admin-flags");
            return FixtureTable.view(NORMALISER.normalise(report), report, NORMALISER, true);
        });
    }
}
