package id.lapor.gateway.channel.sms;

import id.lapor.gateway.reply.ReplyOutcome;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ResponseTimeoutException;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** What a failed submit_sm means for a reply (SMPP 3.4 §5.1.3 command_status). */
class SmsReplyChannelTest {

    @Test
    void anInvalidDestinationIsPermanentAndEverythingElseIsRetried() {
        assertThat(SmsReplyChannel.outcomeOf(new NegativeResponseException(0x0B)))
                .isEqualTo(new ReplyOutcome.Failed("NegativeResponseException: " + new NegativeResponseException(0x0B).getMessage()));
        // ESME_RTHROTTLED, ESME_RMSGQFUL, ESME_RSYSERR: the SMSC may take it later
        for (int status : new int[] {0x58, 0x14, 0x08}) {
            assertThat(SmsReplyChannel.outcomeOf(new NegativeResponseException(status))).as("0x%02X", status)
                    .isInstanceOf(ReplyOutcome.RetryLater.class);
        }
        assertThat(SmsReplyChannel.outcomeOf(new ResponseTimeoutException("no submit_sm_resp")))
                .isEqualTo(new ReplyOutcome.RetryLater("ResponseTimeoutException: no submit_sm_resp"));
        assertThat(SmsReplyChannel.outcomeOf(new IOException("SMPP smsc-1 is not bound")))
                .isEqualTo(new ReplyOutcome.RetryLater("IOException: SMPP smsc-1 is not bound"));
    }
}
