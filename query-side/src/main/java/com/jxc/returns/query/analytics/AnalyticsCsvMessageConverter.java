package com.jxc.returns.query.analytics;

import com.jxc.returns.api.query.ReturnAnalytics;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractHttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Writes {@link ReturnAnalytics} as {@code text/csv} (UTF-8), as a download named after the grouping. */
@Component
class AnalyticsCsvMessageConverter extends AbstractHttpMessageConverter<ReturnAnalytics> {

    static final String TEXT_CSV = "text/csv";

    AnalyticsCsvMessageConverter() {
        super(StandardCharsets.UTF_8, MediaType.parseMediaType(TEXT_CSV));
    }

    @Override
    protected boolean supports(Class<?> type) {
        return ReturnAnalytics.class.isAssignableFrom(type);
    }

    @Override
    protected boolean canRead(MediaType mediaType) {
        return false;
    }

    @Override
    protected ReturnAnalytics readInternal(Class<? extends ReturnAnalytics> type, HttpInputMessage input) {
        throw new HttpMessageNotReadableException("return analytics are never read from CSV", input);
    }

    @Override
    protected void writeInternal(ReturnAnalytics analytics, HttpOutputMessage output) throws IOException {
        output.getHeaders().set(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                .filename("returns-by-" + analytics.groupBy() + ".csv").build().toString());
        output.getBody().write(AnalyticsCsv.write(analytics).getBytes(StandardCharsets.UTF_8));
    }
}
