package dev.modvault.persistence;

import dev.modvault.core.verify.ChecksumRecords;
import java.util.Objects;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * First-fetch {@code h1:} hashes in {@code checksum_records} (trust on first use). The insert is
 * {@code ON CONFLICT DO NOTHING} and the read that follows is a statement of its own, so of two replicas recording
 * different hashes at once exactly one hash wins and both see it.
 */
public final class JdbcChecksumRecords implements ChecksumRecords {

    private final JdbcClient jdbc;

    public JdbcChecksumRecords(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    @Override
    public String recordIfAbsent(String module, String version, String artifact, String h1) {
        Objects.requireNonNull(h1, "h1");
        jdbc.sql("""
                        INSERT INTO checksum_records (module, version, artifact, h1) VALUES (?, ?, ?, ?)
                        ON CONFLICT (module, version, artifact) DO NOTHING""")
                .params(module, version, artifact, h1).update();
        return jdbc.sql("SELECT h1 FROM checksum_records WHERE module = ? AND version = ? AND artifact = ?")
                .params(module, version, artifact).query(String.class).single();
    }
}
