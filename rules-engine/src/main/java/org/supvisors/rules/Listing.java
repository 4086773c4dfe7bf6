package org.supvisors.rules;

import java.io.PrintStream;
import java.util.Map;
import java.util.stream.Collectors;

/** Prints the rules of every application and program element, for the checker. */
final class Listing {

  private final Rules rules;
  private final PrintStream out;

  Listing(Rules rules, PrintStream out) {
    this.rules = rules;
    this.out = out;
  }

  void print() {
    for (ApplicationDef app : rules.applicationDefs()) {
      String name = app.byPattern() ? app.pattern() : app.name();
      out.println();
      out.println("application " + app.label() + " (" + app.at() + ")");
      ApplicationRules resolved = rules.resolveApplicationDef(app, name);
      Map<String, Object> wire = resolved.toWire();
      wire.remove("application_name");
      IdentifierSpec spec = rules.applicationSpec(app);
      if (app.byPattern() && spec.hash()) {
        wire.put("identifiers", "#" + spec.names() + " (Nth instance for the name ending in -N or _N)");
      }
      out.println("  " + format(wire));
      for (ProgramDef program : app.programs()) {
        ProcessRules p = rules.programRulesOf(app, program, name);
        Map<String, Object> pw = p.toWire();
        pw.remove("application_name");
        pw.remove("process_name");
        if (p.sign() != IdentifierSign.NONE) {
          String sign = p.sign() == IdentifierSign.HASH ? "#" : "@";
          pw.put("identifiers", sign + rules.instancesOf(rules.programSpec(program).names()) + " (Nth instance for the Nth process)");
        }
        out.println("  program " + program.label() + " (" + program.at() + ")");
        out.println("    " + format(pw));
      }
    }
  }

  static String format(Map<String, Object> wire) {
    return wire.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
  }
}
