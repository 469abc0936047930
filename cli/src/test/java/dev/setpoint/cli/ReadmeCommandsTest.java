package dev.setpoint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Every {@code ./setpoint ...} line in the README's code blocks names a command whose flags parse.
 */
class ReadmeCommandsTest {

  private static final Path README = Path.of("..", "README.md");

  @Test
  void everyCommandShownInTheReadmeExistsAndItsFlagsParse() throws IOException {
    List<String> commands = readmeCommands();

    assertThat(commands).as("commands found in README.md").hasSizeGreaterThan(10);
    assertThat(commands)
        .as("the quickstart's main command is in the README")
        .contains("./setpoint apply examples/quickstart --sandbox");
    for (String command : commands) {
      List<String> words = words(command);
      CommandLine commandLine =
          new CommandLine(
              new SetpointCommand(
                  new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())));
      commandLine.setCaseInsensitiveEnumValuesAllowed(true);
      ParseResult parsed =
          commandLine.parseArgs(words.subList(1, words.size()).toArray(String[]::new));
      assertThat(parsed.errors()).as(command).isEmpty();
      if (!words.contains("--help") && !words.contains("--version")) {
        assertThat(parsed.hasSubcommand()).as("a subcommand in: " + command).isTrue();
      }
    }
  }

  /** The {@code ./setpoint} lines inside fenced code blocks, without trailing comments. */
  private static List<String> readmeCommands() throws IOException {
    List<String> commands = new ArrayList<>();
    boolean inCode = false;
    for (String line : Files.readAllLines(README)) {
      if (line.startsWith("```")) {
        inCode = !inCode;
      } else if (inCode && line.startsWith("./setpoint ")) {
        int comment = line.indexOf(" #");
        commands.add((comment < 0 ? line : line.substring(0, comment)).strip());
      }
    }
    return commands;
  }

  /** Splits on spaces, keeping single- and double-quoted words whole, as a shell would. */
  private static List<String> words(String command) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    char quote = 0;
    for (char c : command.toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == ' ') {
        if (!word.isEmpty()) {
          words.add(word.toString());
          word.setLength(0);
        }
      } else {
        word.append(c);
      }
    }
    if (!word.isEmpty()) {
      words.add(word.toString());
    }
    return words;
  }
}
