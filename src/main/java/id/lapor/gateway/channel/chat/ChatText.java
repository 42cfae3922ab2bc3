package id.lapor.gateway.channel.chat;

/**
 * What a chat message's strings must be to be stored at all, before the platform is acknowledged: PostgreSQL's
 * {@code text} and {@code varchar} hold no NUL character (the insert fails with "invalid byte sequence for encoding
 * UTF8: 0x00") and a lone UTF-16 surrogate is no character of UTF-8, and the {@code chat_part}/{@code chat_media}
 * columns of a name, type or file name have a length ({@code V9_16__chat_conversations.sql}). A message that cannot
 * be stored fails every redelivery alike: Telegram's polling offset stops there for good and Meta retries a webhook
 * for a day and then drops it. So those characters are left out (only those: the text is otherwise kept exactly, the
 * raw JSON keeps everything) and names are cut to their column. Intake cleans the complaint's text further
 * ({@code intake.TextHygiene}). Plain Java.
 */
public final class ChatText {

    /** {@code chat_part.reporter_name}: characters. */
    public static final int NAME_MAX = 500;
    /** {@code chat_media.declared_type}: characters. */
    public static final int TYPE_MAX = 255;
    /** {@code chat_media.file_name}: characters. */
    public static final int FILE_NAME_MAX = 512;
    /** {@code chat_media.file_id}: characters. */
    public static final int FILE_ID_MAX = 1000;
    /** {@code chat_part.external_id} and {@code provider_message_id}: characters of a platform's message id. */
    public static final int ID_MAX = 200;

    private ChatText() {}

    /**
     * @param s a string from a platform's JSON, or null
     * @return {@code s} without NUL characters and unpaired surrogates (emoji, valid pairs, are kept); null for null
     */
    public static String storable(String s) {
        if (s == null) return null;
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
            boolean drop = c == '\u0000' || !pair && Character.isSurrogate(c);
            if (drop && out == null) out = new StringBuilder(s.length()).append(s, 0, i);
            if (out != null && !drop) {
                out.append(c);
                if (pair) out.append(s.charAt(i + 1));
            }
            if (pair) i++;
        }
        return out == null ? s : out.toString();
    }

    /**
     * @param s   as for {@link #storable}
     * @param max the column's length in characters
     * @return {@link #storable} of {@code s}, its first {@code max} characters (a surrogate pair is not cut in two)
     */
    public static String storable(String s, int max) {
        String t = storable(s);
        return t == null ? null : id.lapor.gateway.intake.TextHygiene.cut(t, max);
    }
}
