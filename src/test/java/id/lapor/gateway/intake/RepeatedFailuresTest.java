package id.lapor.gateway.intake;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** When an input failing at every attempt is given up on (issue #15 kind 10), without Camel or a store. */
class RepeatedFailuresTest {

    @Test
    void anInputIsGivenUpOnAtItsMaxAttemptsThFailureAndAtOnceWhenItComesBack() {
        RepeatedFailures f = new RepeatedFailures(3, null, null);
        assertThat(f.failedAgain("email:mailbox-1:aaa")).isFalse();
        assertThat(f.failedAgain("email:mailbox-1:bbb")).as("each input has its own count").isFalse();
        assertThat(f.failedAgain("email:mailbox-1:aaa")).isFalse();
        assertThat(f.failures("email:mailbox-1:aaa")).isEqualTo(2);
        assertThat(f.failedAgain("email:mailbox-1:aaa")).as("third failure: give up").isTrue();
        assertThat(f.failedAgain("email:mailbox-1:aaa")).as("back in the inbox (its move failed): given up at once").isTrue();
        assertThat(f.failedAgain("email:mailbox-1:bbb")).isFalse();
        assertThat(new RepeatedFailures(1, null, null).failedAgain("sms:smsc-1:ccc")).as("max-attempts 1: the first failure").isTrue();
        assertThatThrownBy(() -> new RepeatedFailures(0, null, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyTheLatestFailingInputsAreRemembered() {
        RepeatedFailures f = new RepeatedFailures(2, null, null);
        f.failedAgain("first");
        for (int i = 0; i < RepeatedFailures.REMEMBERED; i++) f.failedAgain("other-" + i);
        assertThat(f.failures("first")).as("memory stays bounded").isZero();
        assertThat(f.failures("other-" + (RepeatedFailures.REMEMBERED - 1))).isEqualTo(1);
    }
}
