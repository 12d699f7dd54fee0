import { RadioGroup } from "radix-ui";
import { USER_COLORS } from "../../shared/api/session.ts";
import "./color-picker.css";

/** Each palette colour in words, for people who cannot tell them apart by sight. */
export const COLOR_NAMES: Record<(typeof USER_COLORS)[number], string> = {
  "#e5484d": "Red",
  "#f76b15": "Orange",
  "#ca8a04": "Amber",
  "#30a46c": "Green",
  "#12a594": "Teal",
  "#0090ff": "Blue",
  "#6e56cf": "Violet",
  "#d6409f": "Pink",
};

/** The words for a colour: its name if it is in the palette, its code if not. */
export function colorName(color: string): string {
  return (COLOR_NAMES as Record<string, string | undefined>)[color] ?? `Colour ${color}`;
}

/** Props of `ColorPicker`. */
export interface ColorPickerProps {
  value: string;
  onChange: (color: string) => void;
  /** The group's name, e.g. "Your colour". */
  label: string;
}

/**
 * The caret colour, as one radio group on Radix UI's RadioGroup: a single Tab
 * stop, the arrow keys move between colours, and each is named in words.
 */
export function ColorPicker({ value, onChange, label }: ColorPickerProps) {
  return (
    <RadioGroup.Root
      className="color-picker"
      aria-label={label}
      value={value}
      onValueChange={onChange}
      orientation="horizontal"
      loop
    >
      {USER_COLORS.map((color) => (
        <RadioGroup.Item
          key={color}
          value={color}
          className="color-picker__swatch"
          style={{ backgroundColor: color }}
          aria-label={COLOR_NAMES[color]}
          title={COLOR_NAMES[color]}
        >
          <RadioGroup.Indicator className="color-picker__mark" />
        </RadioGroup.Item>
      ))}
    </RadioGroup.Root>
  );
}
