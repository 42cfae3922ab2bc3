package id.lapor.gateway.intake;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Copies the blobs of a {@link FileAttachmentStore} folder ({@code ab/cd/<sha256>}) into another
 * {@link AttachmentStore}: the migration of a node's data folder to the shared {@code database} or {@code s3}
 * store ({@code gateway.blobs.import-dir}, run at start-up). Each file is hashed first: a file whose bytes do
 * not hash to its name is counted as corrupt, logged and left behind; a blob the target holds already is
 * skipped. Idempotent: running it again copies nothing new.
 */
public final class BlobImport {

    private static final Logger log = LoggerFactory.getLogger(BlobImport.class);

    /** What an import did: blobs copied, already present, files left behind because their bytes are not their name. */
    public record Result(int imported, int present, int corrupt) {}

    private final AttachmentStore target;

    public BlobImport(AttachmentStore target) {
        this.target = target;
    }

    /** The file {@link #importOnce} leaves in a folder it imported completely. */
    public static final String MARKER = "IMPORTED.txt";

    /**
     * Imports {@code folder} unless it holds {@link #MARKER}; writes the marker (with the result and the target)
     * when no file was left behind as corrupt, so the next start-up does not walk the folder again. Empty when
     * skipped. Used at start-up for the node's own blob folder once the store is no longer {@code file}.
     */
    public Optional<Result> importOnce(Path folder) {
        if (!Files.isDirectory(folder) || Files.exists(folder.resolve(MARKER))) return Optional.empty();
        Result r = importFolder(folder);
        if (r.corrupt() == 0) {
            try {
                Files.writeString(folder.resolve(MARKER), "imported into " + target.describe() + " at " + java.time.Instant.now() + ": " + r + "\n");
            } catch (IOException e) {
                log.warn("cannot write {} in {}: {}", MARKER, folder, e.toString());
            }
        }
        return Optional.of(r);
    }

    /** Imports every blob file under {@code folder} (a missing folder imports nothing). */
    public Result importFolder(Path folder) {
        if (!Files.isDirectory(folder)) return new Result(0, 0, 0);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).filter(p -> AttachmentStore.isKey(p.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list blob folder " + folder, e);
        }
        int imported = 0, present = 0, corrupt = 0;
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (target.contains(name)) {
                present++;
                continue;
            }
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(f);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read blob file " + f, e);
            }
            if (!TextFingerprint.sha256Hex(bytes).equals(name)) {
                corrupt++;
                log.warn("blob file {} is not what its name says (bytes hash differently); not imported", f);
                continue;
            }
            target.put(bytes);
            imported++;
        }
        return new Result(imported, present, corrupt);
    }
}
