package id.lapor.gateway.cluster;

/**
 * Which cluster service decides the leader of the {@code master:} routes ({@code gateway.cluster.type}).
 *
 * <ul>
 *   <li>{@link #FILE}: Camel's {@code FileLockClusterService}, a file lock in {@code gateway.cluster.dir}; one
 *       host, or nodes sharing that folder. The default with the embedded H2 store.</li>
 *   <li>{@link #JDBC}: {@link JdbcClusterService}, Spring Integration's {@code JdbcLockRegistry} lock rows in the
 *       store the nodes already share (table {@code int_lock}). The default on PostgreSQL.</li>
 *   <li>{@link #KUBERNETES}: camel-kubernetes' {@code KubernetesClusterService}, one
 *       {@code coordination.k8s.io/v1} Lease per {@code master:} namespace.</li>
 * </ul>
 */
public enum ClusterType {
    FILE, JDBC, KUBERNETES;

    /**
     * The type to use.
     *
     * @param configured {@code gateway.cluster.type}, or null when not set
     * @param jdbcUrl    {@code spring.datasource.url} (may be null)
     * @return {@code configured} when set; otherwise {@link #JDBC} for a PostgreSQL URL
     *         ({@code jdbc:postgresql:}) and {@link #FILE} for anything else (the embedded H2 file store,
     *         which only one process can open anyway)
     */
    public static ClusterType choose(ClusterType configured, String jdbcUrl) {
        if (configured != null) return configured;
        return jdbcUrl != null && jdbcUrl.startsWith("jdbc:postgresql:") ? JDBC : FILE;
    }
}
