package org.supvisors.rules;

import java.util.List;

/** The definitions of one valid rules file, in file order. */
record RulesDocument(String file, List<AliasDef> aliases, List<ProgramDef> models, List<ApplicationDef> applications) {}
