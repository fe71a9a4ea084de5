package com.jxc.returns.edge.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code returns.http.*}: the largest request body a JSON endpoint reads ({@code max-body-size}) and the largest
 * archive {@code POST /api/admin/import} streams in ({@code max-import-size}).
 */
@ConfigurationProperties("returns.http")
public record HttpLimits(DataSize maxBodySize, DataSize maxImportSize) {

    public static final String IMPORT_PATH = "/api/admin/import";

    public HttpLimits {
        maxBodySize = maxBodySize == null ? DataSize.ofKilobytes(256) : maxBodySize;
        maxImportSize = maxImportSize == null ? DataSize.ofGigabytes(2) : maxImportSize;
    }

    long limitFor(String path) {
        return IMPORT_PATH.equals(path) ? maxImportSize.toBytes() : maxBodySize.toBytes();
    }
}
