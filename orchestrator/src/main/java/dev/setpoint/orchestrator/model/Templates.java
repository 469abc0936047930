package dev.setpoint.orchestrator.model;

import dev.setpoint.orchestrator.model.Reference.Index;
import dev.setpoint.orchestrator.model.Reference.Key;
import dev.setpoint.orchestrator.model.Reference.Segment;
import dev.setpoint.orchestrator.model.Template.Literal;
import dev.setpoint.orchestrator.model.Template.Part;
import dev.setpoint.orchestrator.model.Template.Ref;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Parses references out of values and resolves them; pure functions over plain data. */
public final class Templates {

  /** Output, variable and key names. */
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

  private Templates() {}

  /** Parses one string; a string without {@code ${} is a single literal. */
  public static Template parse(String source) throws TemplateSyntaxException {
    List<Part> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < source.length()) {
      if (source.startsWith("$${", i)) {
        literal.append("${");
        i += 3;
      } else if (source.startsWith("${", i)) {
        int close = source.indexOf('}', i + 2);
        if (close < 0) {
          throw new TemplateSyntaxException(
              "unterminated reference: \"${\" without a closing \"}\" (write $${ for a literal ${)",
              i);
        }
        if (!literal.isEmpty()) {
          parts.add(new Literal(literal.toString()));
          literal.setLength(0);
        }
        parts.add(new Ref(parseExpression(source.substring(i + 2, close), i), i));
        i = close + 1;
      } else {
        literal.append(source.charAt(i));
        i++;
      }
    }
    if (!literal.isEmpty() || parts.isEmpty()) {
      parts.add(new Literal(literal.toString()));
    }
    return new Template(parts);
  }

  /** Parses the text between {@code ${} and {@code }}. */
  public static Reference parseExpression(String expression, int offset)
      throws TemplateSyntaxException {
    String text = expression.strip();
    if (text.isEmpty()) {
      throw new TemplateSyntaxException("empty reference \"${}\"", offset);
    }
    int dot = text.indexOf('.');
    String root = dot < 0 ? text : text.substring(0, dot);
    boolean variable = root.equals(ResourceName.RESERVED_VARIABLES);
    if (!variable && !ResourceName.isValid(root)) {
      throw new TemplateSyntaxException(
          "invalid reference \"${" + text + "}\": \"" + root + "\" is not a resource name", offset);
    }
    if (dot < 0) {
      throw new TemplateSyntaxException(
          variable
              ? "reference \"${var}\" names no variable: write ${var.NAME}"
              : "reference \"${" + root + "}\" names no output: write ${" + root + ".OUTPUT}",
          offset);
    }
    List<Object> steps = parseSteps(text, dot, offset);
    if (!(steps.get(0) instanceof String name)) {
      throw new TemplateSyntaxException(
          "invalid reference \"${" + text + "}\": an output or variable name follows the dot",
          offset);
    }
    List<Segment> path = new ArrayList<>();
    for (Object step : steps.subList(1, steps.size())) {
      path.add(step instanceof String key ? new Key(key) : new Index((Integer) step));
    }
    return variable
        ? Reference.variable(name, path)
        : Reference.output(new ResourceName(root), name, path);
  }

  /** Steps after the root: a String for {@code .name}, an Integer for {@code [n]}. */
  private static List<Object> parseSteps(String text, int start, int offset)
      throws TemplateSyntaxException {
    List<Object> steps = new ArrayList<>();
    int i = start;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '.') {
        int end = i + 1;
        while (end < text.length() && text.charAt(end) != '.' && text.charAt(end) != '[') {
          end++;
        }
        String name = text.substring(i + 1, end);
        if (!IDENTIFIER.matcher(name).matches()) {
          throw new TemplateSyntaxException(
              "invalid reference \"${" + text + "}\": \"" + name + "\" is not a valid name",
              offset);
        }
        steps.add(name);
        i = end;
      } else if (c == '[') {
        int close = text.indexOf(']', i);
        String digits = close < 0 ? "" : text.substring(i + 1, close);
        if (!digits.matches("[0-9]{1,9}")) {
          throw new TemplateSyntaxException(
              "invalid reference \"${" + text + "}\": a list index is a number in brackets, as [0]",
              offset);
        }
        steps.add(Integer.parseInt(digits));
        i = close + 1;
      } else {
        throw new TemplateSyntaxException(
            "invalid reference \"${" + text + "}\": unexpected \"" + c + "\"", offset);
      }
    }
    return steps;
  }

  /** Every reference in a value tree; strings that do not parse are skipped (validation says). */
  public static List<Reference> references(Object value) {
    List<Reference> found = new ArrayList<>();
    collect(value, found);
    return found;
  }

  private static void collect(Object value, List<Reference> found) {
    if (value instanceof String text && text.contains("${")) {
      try {
        found.addAll(parse(text).references());
      } catch (TemplateSyntaxException invalid) {
        // Reported by the validator; nothing to collect.
      }
    } else if (value instanceof Map<?, ?> map) {
      map.values().forEach(item -> collect(item, found));
    } else if (value instanceof List<?> list) {
      list.forEach(item -> collect(item, found));
    }
  }

  /** The resources whose outputs a value tree references, in order of first use. */
  public static List<ResourceName> referencedResources(Object value) {
    Set<ResourceName> names = new LinkedHashSet<>();
    for (Reference reference : references(value)) {
      if (!reference.isVariable()) {
        names.add(reference.resource());
      }
    }
    return List.copyOf(names);
  }

  /**
   * Resolves every reference in a value tree, for handing the value to a provider. A string that
   * is exactly one reference takes the referenced value with its type; a reference inside a
   * longer string is interpolated as text; {@code $${} becomes {@code ${}.
   *
   * @param lookup the value of a reference's root (the variable, or the resource's output)
   * @throws ReferenceException when a reference is unknown to {@code lookup}, its path names a
   *     key or index that is not there, or a map or list would be interpolated into text
   */
  public static Object resolve(Object value, Function<Reference, Object> lookup) {
    return walk(value, lookup, true);
  }

  /**
   * Like {@link #resolve}, but only for the references {@code lookup} knows (it answers null for
   * the others, which stay as written, escapes kept), so a tree can be resolved in stages:
   * variables at load time, outputs at run time.
   */
  public static Object substitute(Object value, Function<Reference, Object> lookup) {
    return walk(value, lookup, false);
  }

  private static Object walk(Object value, Function<Reference, Object> lookup, boolean last) {
    if (value instanceof String text) {
      return resolveString(text, lookup, last);
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> resolved = new LinkedHashMap<>();
      map.forEach((key, item) -> resolved.put(String.valueOf(key), walk(item, lookup, last)));
      return resolved;
    }
    if (value instanceof List<?> list) {
      List<Object> resolved = new ArrayList<>(list.size());
      list.forEach(item -> resolved.add(walk(item, lookup, last)));
      return resolved;
    }
    return value;
  }

  private static Object resolveString(
      String text, Function<Reference, Object> lookup, boolean last) {
    if (!text.contains("${")) {
      return text;
    }
    Template template;
    try {
      template = parse(text);
    } catch (TemplateSyntaxException invalid) {
      throw new ReferenceException(invalid.getMessage());
    }
    var whole = template.wholeReference();
    if (whole.isPresent()) {
      Object root = rootOf(whole.get(), lookup, last);
      return root == UNKNOWN ? text : navigate(whole.get(), root);
    }
    StringBuilder out = new StringBuilder();
    for (Part part : template.parts()) {
      if (part instanceof Literal literal) {
        out.append(last ? literal.text() : Template.escape(literal.text()));
      } else {
        Reference reference = ((Ref) part).reference();
        Object root = rootOf(reference, lookup, last);
        if (root == UNKNOWN) {
          out.append(reference);
        } else {
          String inserted = asText(reference, navigate(reference, root));
          out.append(last ? inserted : Template.escape(inserted));
        }
      }
    }
    return out.toString();
  }

  /** Marks a reference that this stage leaves alone. */
  private static final Object UNKNOWN = new Object();

  private static Object rootOf(
      Reference reference, Function<Reference, Object> lookup, boolean last) {
    Object root = lookup.apply(reference);
    if (root != null) {
      return root;
    }
    if (last) {
      throw new ReferenceException(reference + " has no value");
    }
    return UNKNOWN;
  }

  /** Follows a reference's path from its root value. */
  public static Object navigate(Reference reference, Object root) {
    Object current = root;
    for (Segment segment : reference.path()) {
      if (segment instanceof Key key) {
        if (!(current instanceof Map<?, ?> map) || !map.containsKey(key.key())) {
          throw new ReferenceException(
              reference + ": " + describe(current) + " has no key \"" + key.key() + "\"");
        }
        current = map.get(key.key());
      } else {
        int index = ((Index) segment).index();
        if (!(current instanceof List<?> list) || index >= list.size()) {
          throw new ReferenceException(
              reference + ": " + describe(current) + " has no element [" + index + "]");
        }
        current = list.get(index);
      }
    }
    return current;
  }

  private static String describe(Object value) {
    if (value instanceof List<?> list) {
      return "the list (of " + list.size() + ")";
    }
    return "the value (" + Values.kindOf(value) + ")";
  }

  private static String asText(Reference reference, Object value) {
    if (value instanceof Map || value instanceof List) {
      throw new ReferenceException(
          reference
              + " is "
              + Values.kindOf(value)
              + " and cannot be part of a longer string: use it as the whole value");
    }
    if (value instanceof Double number && number == Math.rint(number) && !number.isInfinite()) {
      return String.valueOf(number.longValue());
    }
    return String.valueOf(value);
  }
}
