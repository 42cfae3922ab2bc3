package id.lapor.gateway.channel.email;

import id.lapor.gateway.intake.MediaTypes;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Decides which attachments a complaint keeps: the type detected from the bytes must be on the
 * allow-list, each file and all files together must fit the limits, and a zip is opened to refuse
 * executables inside it and decompression bombs (too many entries, too many expanded bytes, or a
 * ratio of expanded to compressed size above the limit, counted while inflating, never trusting
 * the sizes the archive declares). What is left out is named with a reason code.
 */
public final class AttachmentScreen {

    /** Why an attachment was left out; the citizen reads the text configured for it. */
    public enum Reason { TOO_LARGE, MESSAGE_LIMIT, TOO_MANY, TYPE_REFUSED, EXECUTABLE, ARCHIVE_WITH_EXECUTABLE, ARCHIVE_BOMB, UNREADABLE,
        /** a container (TNEF, S/MIME) that could not be opened */ CONTAINER_UNREADABLE,
        /** encrypted content (S/MIME enveloped-data): only the recipient's private key reads it */ ENCRYPTED }

    /**
     * One attachment as read from the mail; {@code bytes} is null when it was over the per-file limit or unreadable.
     * {@code refused} (with its {@code detail}) is set when the reader already knows it is left out (a container
     * that could not be opened, encrypted content), else null.
     */
    public record Candidate(String filename, byte[] bytes, long size, boolean unreadable, Reason refused, String detail) {
        public Candidate(String filename, byte[] bytes, long size, boolean unreadable) {
            this(filename, bytes, size, unreadable, null, null);
        }

        /** A candidate left out for {@code reason}, described by {@code detail}. */
        public static Candidate refused(String filename, Reason reason, String detail) {
            return new Candidate(filename, null, 0, false, reason, detail);
        }
    }

    public record Kept(String filename, byte[] bytes, String mediaType) {}

    public record Dropped(String filename, Reason reason, String detail) {
        private static final String FLAG = "ATTACHMENT_DROPPED:";

        /** Flag on the complaint: ATTACHMENT_DROPPED:&lt;name&gt;:&lt;reason&gt;. */
        public String flag() {
            return FLAG + filename.replace(':', '_') + ":" + reason.name();
        }

        /** [file name, reason code] of a flag made by {@link #flag()}, or null for any other flag. */
        public static String[] fromFlag(String flag) {
            if (!flag.startsWith(FLAG)) return null;
            String rest = flag.substring(FLAG.length());
            int colon = rest.lastIndexOf(':');
            return colon < 0 ? new String[] {rest, ""} : new String[] {rest.substring(0, colon), rest.substring(colon + 1)};
        }
    }

    public record Verdict(List<Kept> kept, List<Dropped> dropped) {}

    private static final Set<String> EXECUTABLE_TYPES = Set.of("application/x-msdownload", "application/x-dosexec",
            "application/x-executable", "application/x-elf", "application/x-sharedlib", "application/x-mach-o-executable",
            "application/x-msi", "application/x-ms-installer", "application/java-archive", "application/x-java-applet",
            "application/vnd.android.package-archive", "application/x-sh", "application/x-bat", "application/x-msdos-program",
            "application/x-ms-shortcut", "application/hta", "application/x-java-jnlp-file");
    private static final Pattern EXECUTABLE_NAME = Pattern.compile(
            "(?i).*\\.(exe|dll|com|bat|cmd|scr|pif|msi|msp|vbs|vbe|js|jse|wsf|wsh|ps1|psm1|jar|apk|sh|cpl|hta|lnk|reg|class|dex|elf|bin|run|app|gadget|inf|sys)$");

    private final Set<String> allowed;
    private final EmailProperties.Limits limits;

    public AttachmentScreen(List<String> allowedTypes, EmailProperties.Limits limits) {
        this.allowed = Set.copyOf(allowedTypes.stream().map(t -> t.toLowerCase(Locale.ROOT)).toList());
        this.limits = limits;
    }

    public Verdict screen(List<Candidate> candidates) {
        List<Kept> kept = new ArrayList<>();
        List<Dropped> dropped = new ArrayList<>();
        long total = 0;
        for (Candidate c : candidates) {
            String name = c.filename();
            if (c.refused() != null) {
                dropped.add(new Dropped(name, c.refused(), c.detail()));
                continue;
            }
            if (c.unreadable()) {
                dropped.add(new Dropped(name, Reason.UNREADABLE, "could not be decoded"));
                continue;
            }
            if (c.bytes() == null || c.size() > limits.maxAttachmentBytes()) {
                dropped.add(new Dropped(name, Reason.TOO_LARGE, "over " + limits.maxAttachmentBytes() + " bytes"));
                continue;
            }
            String type = MediaTypes.detect(c.bytes());
            String base = baseType(type);
            if (isExecutable(base, name, c.bytes())) {
                dropped.add(new Dropped(name, Reason.EXECUTABLE, type));
                continue;
            }
            if (!allowed.contains(base)) {
                dropped.add(new Dropped(name, Reason.TYPE_REFUSED, type));
                continue;
            }
            if (base.equals("application/zip")) {
                Reason archive = inspectZip(c.bytes(), 0);
                if (archive != null) {
                    dropped.add(new Dropped(name, archive, type));
                    continue;
                }
            }
            if (kept.size() >= limits.maxAttachments()) {
                dropped.add(new Dropped(name, Reason.TOO_MANY, "more than " + limits.maxAttachments()));
                continue;
            }
            if (total + c.bytes().length > limits.maxAttachmentsBytes()) {
                dropped.add(new Dropped(name, Reason.MESSAGE_LIMIT, "over " + limits.maxAttachmentsBytes() + " bytes in all"));
                continue;
            }
            total += c.bytes().length;
            kept.add(new Kept(name, c.bytes(), type));
        }
        return new Verdict(kept, dropped);
    }

    private static String baseType(String type) {
        int semi = type.indexOf(';');
        return (semi < 0 ? type : type.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    private static boolean isExecutable(String baseType, String name, byte[] bytes) {
        if (EXECUTABLE_TYPES.contains(baseType)) return true;
        if (name != null && EXECUTABLE_NAME.matcher(name).matches() && !baseType.startsWith("image/")
                && !baseType.equals("application/pdf")) return true;
        return nativeProgram(bytes);
    }

    /** A Windows (MZ) or ELF program, by its first bytes. */
    private static boolean nativeProgram(byte[] head) {
        return startsWith(head, 'M', 'Z') || startsWith(head, 0x7F, 'E', 'L', 'F');
    }

    private static boolean startsWith(byte[] bytes, int... magic) {
        if (bytes == null || bytes.length < magic.length) return false;
        for (int i = 0; i < magic.length; i++) if ((bytes[i] & 0xFF) != magic[i]) return false;
        return true;
    }

    /** Null when the zip is safe to keep, else why not. Nested zips are opened one level deep. */
    Reason inspectZip(byte[] zip, int depth) {
        long expanded = 0;
        int entries = 0;
        byte[] buffer = new byte[8192];
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                if (++entries > limits.archiveMaxEntries()) return Reason.ARCHIVE_BOMB;
                String entryName = e.getName();
                if (EXECUTABLE_NAME.matcher(entryName).matches()) return Reason.ARCHIVE_WITH_EXECUTABLE;
                boolean nestedZip = entryName.toLowerCase(Locale.ROOT).endsWith(".zip");
                java.io.ByteArrayOutputStream nested = nestedZip && depth == 0 ? new java.io.ByteArrayOutputStream() : null;
                byte[] head = new byte[4];
                int headLength = 0;
                int n;
                while ((n = in.read(buffer)) > 0) {
                    if (headLength < 4) {
                        int take = Math.min(4 - headLength, n);
                        System.arraycopy(buffer, 0, head, headLength, take);
                        headLength += take;
                    }
                    expanded += n;
                    if (expanded > limits.archiveMaxExpandedBytes()
                            || expanded > (long) limits.archiveMaxRatio() * Math.max(zip.length, 1)) return Reason.ARCHIVE_BOMB;
                    if (nested != null) nested.write(buffer, 0, n);
                }
                if (nativeProgram(head)) { // bytes not read stay 0, which no magic number has
                    return Reason.ARCHIVE_WITH_EXECUTABLE;
                }
                if (nestedZip && depth > 0) return Reason.ARCHIVE_BOMB; // zips inside zips inside zips
                if (nested != null) {
                    Reason inner = inspectZip(nested.toByteArray(), depth + 1);
                    if (inner != null) return inner;
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            return Reason.UNREADABLE;
        }
        return entries == 0 ? Reason.UNREADABLE : null;
    }
}
