package com.jxc.returns.query.admin;

import jakarta.validation.constraints.Pattern;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

/** Operating the read models: position and lag, rebuild from the event stream, dead letters. */
@RestController
@RequestMapping("/api/admin")
@Validated
class ReadModelAdminController {

    private static final String NAME = "[a-z][a-z-]{0,40}";

    private final ReadModelAdministration administration;

    ReadModelAdminController(ReadModelAdministration administration) {
        this.administration = administration;
    }

    @GetMapping("/read-models")
    List<ReadModelAdministration.Status> readModels() {
        return administration.statuses();
    }

    @GetMapping("/read-models/{name}")
    ReadModelAdministration.Status readModel(@PathVariable @Pattern(regexp = NAME) String name) {
        return administration.status(name);
    }

    /** Every read model of this instance, in one pass over the event stream. */
    @PostMapping("/read-models/rebuild")
    ResponseEntity<List<ReadModelAdministration.Status>> rebuildAll() {
        return ResponseEntity.accepted().body(administration.rebuildAll());
    }

    @PostMapping("/read-models/{name}/rebuild")
    ResponseEntity<ReadModelAdministration.Status> rebuild(@PathVariable @Pattern(regexp = NAME) String name) {
        return ResponseEntity.accepted().body(administration.rebuild(name));
    }

    @GetMapping("/dead-letters")
    List<ReadModelAdministration.DeadLetterView> deadLetters() {
        return administration.names().stream()
                .flatMap(name -> administration.deadLetters(name).stream()).toList();
    }

    @PostMapping("/dead-letters/{name}/retry")
    Map<String, Integer> retry(@PathVariable @Pattern(regexp = NAME) String name) {
        return Map.of("processedSequences", administration.retryDeadLetters(name));
    }
}
