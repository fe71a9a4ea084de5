package com.jxc.returns.console;

import com.jxc.returns.api.query.FindNotificationsQuery;
import com.jxc.returns.api.query.NotificationPage;
import com.jxc.returns.api.query.NotificationView;
import com.jxc.returns.query.admin.ReadModelAdministration;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.ArrayList;
import java.util.Map;
import java.util.regex.Pattern;

import static com.jxc.returns.console.ConsoleForms.parse;
import static com.jxc.returns.console.ConsoleForms.validId;

/** Customer notifications (the outbox) and read-model administration: positions, rebuilds, dead letters. */
@Profile("!command")
@Controller
class ConsoleAdminController {

    private static final Pattern READ_MODEL = Pattern.compile("[a-z][a-z-]{0,40}");

    private final QueryGateway queries;
    private final ReadModelAdministration readModels;
    private final ConsoleErrors errors;

    ConsoleAdminController(QueryGateway queries, ReadModelAdministration readModels, ConsoleErrors errors) {
        this.queries = queries;
        this.readModels = readModels;
        this.errors = errors;
    }

    @GetMapping("/console/notifications")
    String notifications(@RequestParam(required = false) String returnId,
                         @RequestParam(required = false) String status,
                         @RequestParam(defaultValue = "0") int page, Model model) {
        String returnFilter = validId(returnId) ? returnId : null;
        NotificationView.Status statusFilter = parse(NotificationView.Status.class, status);
        model.addAttribute("notifications", queries.query(new FindNotificationsQuery(returnFilter, statusFilter,
                Math.max(0, page), 50), ResponseTypes.instanceOf(NotificationPage.class)).join());
        model.addAttribute("statuses", NotificationView.Status.values());
        model.addAttribute("f", Map.of("returnId", returnFilter == null ? "" : returnFilter,
                "status", statusFilter == null ? "" : statusFilter.name()));
        return "console/notifications";
    }

    @GetMapping("/console/admin")
    String admin(Model model) {
        model.addAttribute("readModels", readModels.statuses());
        var deadLetters = new ArrayList<ReadModelAdministration.DeadLetterView>();
        for (ReadModelAdministration.Status status : readModels.statuses()) {
            if (status.deadLetters() > 0) {
                deadLetters.addAll(readModels.deadLetters(status.name()));
            }
        }
        model.addAttribute("deadLetters", deadLetters);
        model.addAttribute("notifications", queries.query(new FindNotificationsQuery(null, null, 0, 10),
                ResponseTypes.instanceOf(NotificationPage.class)).join());
        return "console/admin";
    }

    @PostMapping("/console/admin/read-models/{name}/rebuild")
    String rebuild(@PathVariable String name, RedirectAttributes flash) {
        try {
            requireReadModel(name);
            readModels.rebuild(name);
            flash.addFlashAttribute("notice", "notice.rebuild");
        } catch (Exception e) {
            flash.addFlashAttribute("actionError", errors.explain(e));
        }
        return "redirect:/console/admin";
    }

    @PostMapping("/console/admin/dead-letters/{name}/retry")
    String retry(@PathVariable String name, RedirectAttributes flash) {
        try {
            requireReadModel(name);
            int processed = readModels.retryDeadLetters(name);
            flash.addFlashAttribute("notice", "notice.retry");
            flash.addFlashAttribute("noticeArg", processed);
        } catch (Exception e) {
            flash.addFlashAttribute("actionError", errors.explain(e));
        }
        return "redirect:/console/admin";
    }

    private static void requireReadModel(String name) {
        if (!READ_MODEL.matcher(name).matches()) {
            throw new IllegalArgumentException("no read model " + name);
        }
    }
}
