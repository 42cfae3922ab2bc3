package id.lapor.gateway.demo;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The demo feeds: the scripted set at every tick, then a trickle, the switch logged once. */
class DemoPaceTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger(DemoPace.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    DemoPaceTest() {
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(logged);
    }

    @Test
    void scriptedTicksAllSendThenOneInTrickleEvery() {
        DemoPace pace = new DemoPace("sms", 3, 4, Duration.ofSeconds(4));
        List<Integer> sent = new ArrayList<>();
        for (int tick = 0; tick < 16; tick++) if (pace.due()) sent.add(tick);
        assertThat(sent).containsExactly(0, 1, 2, 6, 10, 14);
    }

    @Test
    void theSwitchToTheTrickleIsLoggedOnceWithItsInterval() {
        DemoPace pace = new DemoPace("posts", 2, 15, Duration.ofSeconds(4));
        for (int tick = 0; tick < 40; tick++) pace.due();
        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("DEMO posts: scripted set done (2 items); from now on one item every 60s");
    }

    @Test
    void noScriptedSetTricklesFromTheStart() {
        DemoPace pace = new DemoPace("letters", 0, 1, Duration.ofSeconds(12));
        assertThat(pace.due()).isTrue();
        assertThat(pace.due()).isTrue();
    }

    @Test
    void refusesANonsensePace() {
        assertThatThrownBy(() -> new DemoPace("x", 1, 0, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DemoPace("x", -1, 1, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    }
}
