package com.jxc.returns.console;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;

/** The way in: the site's root, the sign-in page and the page for what a role may not open. */
@Profile("!command")
@Controller
class ConsoleSignInController {

    @GetMapping("/")
    String root() {
        return "redirect:/console";
    }

    @GetMapping("/login")
    String login() {
        return "console/login";
    }

    @RequestMapping("/console/forbidden")
    String forbidden(HttpServletResponse response) {
        response.setStatus(403);
        return "console/forbidden";
    }
}
