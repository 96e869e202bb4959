package io.shoplens.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.gridfs.GridFSDownloadStream;
import com.mongodb.client.gridfs.model.GridFSFile;
import com.mongodb.client.model.Filters;

/**
 * Compact copies of the analysis frame in the GridFS bucket {@code frames}, one file per dataset version, so that a
 * restart (or another replica) loads the frame instead of re-reading every order. Only the newest is kept; after
 * appends a version is stored again under the same name, and the newest upload of a name is the one read.
 */
@ApplicationScoped
public class FrameSnapshots {
    static final String BUCKET = "frames";
    /** GridFS chunks are 255 KB: 32 of them make an 8 MB reply. */
    private static final int CHUNKS_PER_BATCH = 32;

    /** Writer of a snapshot's bytes. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /** Reader of a snapshot's bytes. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(InputStream in) throws IOException;
    }

    /** Stores a snapshot of {@code version} (again, after appends) and deletes every other one. */
    public void save(long version, Writer writer) {
        org.bson.types.ObjectId saved;
        try (var out = bucket().openUploadStream(name(version))) {
            writer.write(out);
            saved = out.getObjectId();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (GridFSFile file : bucket().find(Filters.ne("_id", saved))) {
            bucket().delete(file.getObjectId());
        }
    }

    /** The snapshot of {@code version}, read by {@code reader}; empty when there is none. */
    public <T> Optional<T> load(long version, Reader<T> reader) {
        GridFSFile file = bucket().find(Filters.eq("filename", name(version)))
                .sort(com.mongodb.client.model.Sorts.descending("uploadDate")).first();
        if (file == null) {
            return Optional.empty();
        }
        // The embedded server sends a cursor's first batch in one message of at most 48 MB: without a batch size the
        // chunks of a large-preset snapshot (64 MB) came in one reply and the load failed.
        try (GridFSDownloadStream in = bucket().openDownloadStream(file.getObjectId()).batchSize(CHUNKS_PER_BATCH)) {
            return Optional.of(reader.read(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String name(long version) {
        return "frame-v" + version;
    }

    private static GridFSBucket bucket() {
        return GridFSBuckets.create(Order.mongoDatabase(), BUCKET);
    }
}
