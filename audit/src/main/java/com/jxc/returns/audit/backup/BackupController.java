package com.jxc.returns.audit.backup;

import com.jxc.returns.edge.web.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.io.IOException;
import java.io.InputStream;

/** Backup and restore of the event store over HTTP: JSON Lines out, JSON Lines into an empty store. */
@RestController
@RequestMapping("/api/admin")
class BackupController {

    static final String JSON_LINES = "application/x-ndjson";

    private final EventArchive archive;
    private final Restore restore;

    BackupController(EventArchive archive, Restore restore) {
        this.archive = archive;
        this.restore = restore;
    }

    @GetMapping(path = "/export")
    ResponseEntity<StreamingResponseBody> export() {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(JSON_LINES))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"events.jsonl\"")
                .body(archive::export);
    }

    /** The archive as the request body; 409 unless the store is empty, 400 naming the first invalid line. */
    @PostMapping(path = "/import")
    Restore.Restored importArchive(InputStream body) {
        return restore.restore(body);
    }

    @ExceptionHandler(ArchiveImport.StoreNotEmpty.class)
    ResponseEntity<ProblemDetail> notEmpty(ArchiveImport.StoreNotEmpty e) {
        return problem(HttpStatus.CONFLICT, "store-not-empty", e.getMessage());
    }

    @ExceptionHandler(InvalidArchive.class)
    ResponseEntity<ProblemDetail> invalid(InvalidArchive e) {
        return problem(HttpStatus.BAD_REQUEST, "invalid-archive", e.getMessage() + "; nothing was imported.");
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String kind, String detail) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(status, kind, detail));
    }
}
